/** The feature spec: which fields a model reads, with which likelihood and normalisation, and their encoding into network inputs. */
package org.elbostream.model.feature;
