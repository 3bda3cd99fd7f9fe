/** How a stream task scores a batch with a model: the scorer of one task, and the factory that opens it. */
package org.elbostream.streams.scoring;
