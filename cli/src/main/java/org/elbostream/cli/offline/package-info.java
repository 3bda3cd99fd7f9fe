/** The offline commands: train a model, evaluate it, and measure imputation and the seed papers' table. */
package org.elbostream.cli.offline;
