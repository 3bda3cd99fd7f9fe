/** {@code bench}, {@code bench-model} and {@code bench-impute}: what the stream, the model and the imputers cost. */
package org.elbostream.cli.bench;
