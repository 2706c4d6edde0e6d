package org.drover.api;

import java.util.Objects;

/**
 * One response header.
 *
 * @param name the header name, such as {@code Content-Type}
 * @param value the header value
 */
public record Header(String name, String value) {

    /** Checks that name and value are present and free of line breaks. */
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad header name: '" + name + "'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + " has a line break in its value");
        }
    }
}
