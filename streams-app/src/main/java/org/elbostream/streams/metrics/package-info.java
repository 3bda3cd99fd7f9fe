/** What the service exports to Prometheus, and the /metrics, /ready and /live endpoint. */
package org.elbostream.streams.metrics;
