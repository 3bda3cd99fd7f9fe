/** Avro on the wire: single-object encoding, the writer schemas the service knows, and why a record is a dead letter. */
package org.elbostream.streams.serde;
