/** Judging a detector on labelled data: the measures, the Random Cut Forest peer, and runs over a benchmark folder. */
package org.elbostream.trainer.eval;
