/** The model bundle: a trained model as one immutable value, its manifest and its provenance. */
package org.elbostream.model.bundle;
