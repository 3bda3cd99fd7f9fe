/** What a long command shows on the terminal while it works. */
package org.elbostream.cli.console;
