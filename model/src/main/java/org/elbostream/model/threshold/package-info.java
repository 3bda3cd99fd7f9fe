/** Anomaly thresholds calibrated on held-out scores: an empirical quantile and peaks over threshold. */
package org.elbostream.model.threshold;
