/** The Kafka Streams service that scores, flags and imputes every record with a model bundle: start, run and close. */
package org.elbostream.streams;
