/** The {@code elbostream} command: the root of every subcommand, its error handling and exit codes. */
package org.elbostream.cli;
