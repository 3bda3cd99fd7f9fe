/** Kafka brokers inside the process (KRaft, loopback only) for the demo, the benchmarks and the tests. */
package org.elbostream.streams.embedded;
