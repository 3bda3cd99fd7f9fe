/** The topology, built by one function, and its scoring processor, pending-batch store, output records and headers. */
package org.elbostream.streams.topology;
