package org.drover.master.front;

import java.nio.ByteBuffer;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;

/**
 * Client to master, on the uwsgi socket: parses one request as nginx's {@code uwsgi_pass} sends
 * it, a uwsgi packet of vars and then {@code CONTENT_LENGTH} bytes of body, from the bytes as they
 * arrive. It does no I/O: fed a buffer in flush mode, it takes what it can and says what it found.
 */
final class UwsgiRequestParser {

    /** What a call to {@link #parse} found. */
    sealed interface Event {}

    /** The vars are in: checked and completed, with the body's length. */
    record Vars(UwsgiVars vars) implements Event {}

    /** A part of the body: a slice of the buffer, valid until the buffer is next changed. */
    record Body(ByteBuffer part) implements Event {}

    /** The request is whole; any bytes after it are dropped. */
    record End() implements Event {}

    /** The request is malformed: the peer gets this status, and the connection closes. */
    record Bad(int status, String reason) implements Event {}

    private enum State {
        HEADER,
        VARS,
        BODY,
        DONE
    }

    private final int maxVars;
    private State state = State.HEADER;
    private int datasize;
    private long bodyLeft;

    /** @param maxVars the largest vars packet accepted ({@code buffer-size}); past it, 431 */
    UwsgiRequestParser(int maxVars) {
        this.maxVars = maxVars;
    }

    /**
     * Takes from the buffer the next thing it holds whole: the vars, a part of the body, or the
     * end. Returns null when the buffer holds too little for the next step; after {@link End} or
     * {@link Bad} it drops whatever comes. The buffer must hold {@code UwsgiPacket.HEADER +
     * maxVars} bytes at least, so that the vars always fit.
     */
    Event parse(ByteBuffer buffer) {
        switch (state) {
            case HEADER -> {
                if (buffer.remaining() < UwsgiPacket.HEADER) {
                    return null;
                }
                byte[] header = new byte[UwsgiPacket.HEADER];
                buffer.get(header);
                int modifier1 = header[0] & 0xff;
                datasize = UwsgiPacket.datasize(header);
                if (modifier1 != 0) {
                    return bad(400, "uwsgi modifier1 " + modifier1 + " is not 0, the only request type served");
                }
                if (datasize > maxVars) {
                    return bad(431, "uwsgi vars of " + datasize + " bytes are over buffer-size " + maxVars);
                }
                state = State.VARS;
                return parse(buffer);
            }
            case VARS -> {
                if (buffer.remaining() < datasize) {
                    return null;
                }
                byte[] data = new byte[datasize];
                buffer.get(data);
                UwsgiVars vars;
                try {
                    vars = UwsgiVars.decode(data);
                } catch (WireException e) {
                    return bad(400, e.getMessage());
                }
                bodyLeft = vars.contentLength();
                state = State.BODY;
                return new Vars(vars);
            }
            case BODY -> {
                if (bodyLeft == 0) {
                    state = State.DONE;
                    return new End();
                }
                int n = (int) Math.min(buffer.remaining(), bodyLeft);
                if (n == 0) {
                    return null;
                }
                ByteBuffer part = buffer.slice(buffer.position(), n);
                buffer.position(buffer.position() + n);
                bodyLeft -= n;
                return new Body(part);
            }
            default -> {
                buffer.position(buffer.limit()); // nothing follows a request
                return null;
            }
        }
    }

    private Event bad(int status, String reason) {
        state = State.DONE;
        return new Bad(status, reason);
    }
}
