/** Scoring a record by its evidence lower bound over the observed fields, and the importance-weighted marginal likelihood. */
package org.elbostream.model.scoring;
