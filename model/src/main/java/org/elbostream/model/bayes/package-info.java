/** Posterior samples of network weights by stochastic-gradient Hamiltonian Monte Carlo (Chen, Fox &amp; Guestrin 2014). */
package org.elbostream.model.bayes;
