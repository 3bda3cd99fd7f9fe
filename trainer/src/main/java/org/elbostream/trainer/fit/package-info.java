/** Fitting a model: the trainers of each kind, their settings, and the table-to-bundle pipeline. */
package org.elbostream.trainer.fit;
