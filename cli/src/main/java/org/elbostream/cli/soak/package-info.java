/** {@code soak}: the service under load for minutes, with model swaps, and its memory over time. */
package org.elbostream.cli.soak;
