/** {@code demo}: the service end to end on an embedded broker with the bundled SMD machine. */
package org.elbostream.cli.demo;
