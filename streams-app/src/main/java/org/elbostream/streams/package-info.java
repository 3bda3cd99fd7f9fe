/**
 * The Kafka Streams service that scores, flags and imputes every record with a model bundle. Its
 * topology, serdes, metrics and model hot-swap arrive with the streaming work; the module exists now
 * so the reactor's dependency direction (streams-app → model, never → trainer) is fixed from the start.
 */
package org.elbostream.streams;
