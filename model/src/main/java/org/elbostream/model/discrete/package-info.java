/** The sigmoid belief network with binary latent units, its scorer, and NVIL's gradient estimator (Mnih &amp; Gregor 2014). */
package org.elbostream.model.discrete;
