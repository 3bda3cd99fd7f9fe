/** The service's configuration: every key declared once, with its type, default, validator and doc. */
package org.elbostream.streams.config;
