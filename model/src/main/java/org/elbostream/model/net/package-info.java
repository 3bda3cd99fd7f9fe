/** The networks, written once: their architecture, how they are built and loaded, and the columns of their output. */
package org.elbostream.model.net;
