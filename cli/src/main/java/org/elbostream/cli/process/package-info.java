/** The service in a JVM of its own and its /metrics, for the soak run and the tests that kill and restart it. */
package org.elbostream.cli.process;
