/** Families of the recognition model's posterior q(z|x) beyond the diagonal Gaussian. */
package org.elbostream.model.latent;
