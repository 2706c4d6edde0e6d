package org.drover.master.dispatch;

import java.nio.ByteBuffer;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.util.Callback;

/**
 * The client side of an exchange: where the response goes, and what the request log says about
 * the request. An HTTP client of the master's Jetty is one; a uwsgi peer such as nginx another.
 */
public interface Client {

    String method();

    /** The path and query, as the client sent them. */
    String uri();

    String protocol();

    /** The decoded path, as the worker matches it against the mount points. */
    String path();

    /** The client's address, as the request log and the app see it. */
    String remoteAddr();

    /** A request header by its HTTP name, or null; for the request log. */
    String header(String name);

    /** Sets the status and headers; called once, just before the first {@link #write}. */
    void head(ResponseHead head);

    /** Writes a part of the body without blocking; one write at a time, completed by the callback. */
    void write(boolean last, ByteBuffer chunk, Callback callback);

    /** The whole response was written. */
    void succeeded();

    /** The response could not be completed; the connection is closed or aborted. */
    void failed(Throwable cause);
}
