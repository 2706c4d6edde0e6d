package org.drover.wire;

import java.io.IOException;

/** Bytes on a Drover connection that are not a valid frame or packet. */
public final class WireException extends IOException {

    /** Creates the exception with a message naming what was wrong. */
    public WireException(String message) {
        super(message);
    }
}
