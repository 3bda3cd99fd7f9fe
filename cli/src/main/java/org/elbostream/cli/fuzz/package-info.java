/** The fuzzed input campaign: corrupted records among good ones, and what the service made of each. */
package org.elbostream.cli.fuzz;
