/** Standard normal noise seeded per record, so that a score or an imputation repeats from its inputs alone. */
package org.elbostream.model.noise;
