/** Which model serves: the holder, its verification, and the models topic that replaces it live. */
package org.elbostream.streams.reload;
