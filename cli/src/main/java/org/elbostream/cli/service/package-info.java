/** {@code serve} and {@code publish}: run the streaming service, and feed it models. */
package org.elbostream.cli.service;
