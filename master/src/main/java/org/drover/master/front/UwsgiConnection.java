package org.drover.master.front;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeoutException;
import org.drover.master.dispatch.Client;
import org.drover.master.dispatch.Exchange;
import org.drover.master.dispatch.PlainAnswer;
import org.drover.master.dispatch.RequestBody;
import org.drover.wire.ResponseHead;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One connection of the uwsgi {@code socket} listener, which carries one request, as nginx's
 * {@code uwsgi_pass} sends it: a uwsgi packet of vars, then {@code CONTENT_LENGTH} bytes of body.
 * The body is read into the master, the request goes through the same dispatcher as HTTP, and the
 * response goes back as plain HTTP/1.1, its end marked by closing the connection (nginx's uwsgi
 * module does not decode chunked bodies). The peer closing its side means its client left: the
 * request is cancelled.
 */
final class UwsgiConnection extends AbstractConnection implements Client {

    /** Makes the connections of one listener. */
    static final class Factory extends AbstractConnectionFactory {

        private final Intake intake;
        private final int bufferSize;

        Factory(Intake intake, int bufferSize) {
            super("uwsgi");
            this.intake = intake;
            this.bufferSize = bufferSize;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            return configure(new UwsgiConnection(endPoint, intake, bufferSize), connector, endPoint);
        }
    }

    private static final int BODY_BUFFER = 64 * 1024;

    /**
     * Where the connection is: reading the request, forwarded (its response on the way),
     * draining the body of a request the master refused, writing the master's own answer, or
     * discarding what comes until the peer closes.
     */
    private enum Phase {
        READING,
        FORWARDED,
        DRAIN,
        ANSWERED,
        DISCARD
    }

    private final Intake intake;
    private final UwsgiRequestParser parser;
    /** What was read and not yet taken, in flush mode; as large as the vars may be, larger for a body. */
    private ByteBuffer buffer;

    private Phase phase = Phase.READING;
    private UwsgiVars vars;
    private RequestBody body;
    private ByteBuffer pendingAnswer;
    private volatile Exchange exchange;
    private volatile boolean entered;
    private final long opened = System.nanoTime();
    /** A response write is under way; a peer that stops reading fails it at the idle timeout. */
    private volatile boolean writing;

    private ByteBuffer pendingHead;

    private UwsgiConnection(EndPoint endPoint, Intake intake, int bufferSize) {
        super(endPoint, intake.executor());
        this.intake = intake;
        this.parser = new UwsgiRequestParser(bufferSize);
        this.buffer = BufferUtil.allocate(UwsgiPacket.HEADER + bufferSize);
    }

    @Override
    public void onOpen() {
        super.onOpen();
        awaitInput();
    }

    /**
     * Asks for the next bytes. A request's vars, a small body and the end of the stream are read
     * on the selector thread that sees them, as the HTTP handler does: a hand-off to a pool
     * thread cost a wake-up on every request, and nginx opens a connection per request. A body
     * that goes to a temporary file is read on a pool thread, since writing it may block.
     */
    private void awaitInput() {
        if (phase == Phase.READING && vars != null && vars.contentLength() > intake.postBuffering()) {
            fillInterested();
        } else {
            fillInterested(readOnSelector);
        }
    }

    private final Callback readOnSelector = new Callback() {
        @Override
        public void succeeded() {
            onFillable();
        }

        @Override
        public void failed(Throwable cause) {
            onFillInterestedFailed(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    };

    @Override
    public void onFillable() {
        boolean discarding = phase == Phase.DISCARD;
        try {
            while (true) {
                consume();
                if (!discarding && (phase == Phase.ANSWERED || phase == Phase.DISCARD)) {
                    return; // the answer's write callback asks for the rest of the input
                }
                if (phase == Phase.FORWARDED) {
                    // The request is whole: nothing more is read. An end of input now would be the
                    // peer's shutdown(SHUT_WR), answered all the same, and a peer that has gone is
                    // noticed when the answer is written; staying interested in reading only cost
                    // a selector update, and an exception from Jetty at the close, per request.
                    return;
                }
                BufferUtil.compact(buffer);
                int n = getEndPoint().fill(buffer);
                if (n < 0) {
                    peerClosed();
                    return;
                }
                if (n == 0) {
                    awaitInput();
                    return;
                }
            }
        } catch (IOException e) {
            peerClosed();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Takes what the buffer holds as far as the current phase allows. */
    private void consume() {
        if (phase == Phase.DISCARD) {
            BufferUtil.clear(buffer); // nothing follows an answer of the master's
            return;
        }
        UwsgiRequestParser.Event event;
        while ((phase == Phase.READING || phase == Phase.DRAIN) && (event = parser.parse(buffer)) != null) {
            if (event instanceof UwsgiRequestParser.Vars v) {
                clientToMasterVars(v.vars());
            } else if (event instanceof UwsgiRequestParser.Body part && phase == Phase.READING) {
                clientToMasterBody(part.part());
            } else if (event instanceof UwsgiRequestParser.End) {
                if (phase == Phase.DRAIN) {
                    answer(pendingAnswer);
                } else {
                    masterToWorker();
                }
            } else if (event instanceof UwsgiRequestParser.Bad bad) {
                answer(bad.status(), bad.reason());
            }
        }
    }

    /** The vars are in: the request is counted, and refused or given a body to fill. */
    private void clientToMasterVars(UwsgiVars decoded) {
        vars = decoded;
        long limitPost = intake.limitPost();
        intake.enter(); // counted from here, so a graceful stop waits for the body too
        entered = true;
        if (intake.stopping()) {
            drainThenAnswer(503, "the server is stopping");
        } else if (limitPost > 0 && vars.contentLength() > limitPost) {
            drainThenAnswer(413, "request body of " + vars.contentLength() + " bytes is over limit-post " + limitPost);
        } else {
            body = vars.contentLength() == 0 ? RequestBody.EMPTY : new RequestBody(intake.postBuffering());
            if (vars.contentLength() > buffer.capacity() && buffer.capacity() < BODY_BUFFER) {
                ByteBuffer larger = BufferUtil.allocate(BODY_BUFFER);
                BufferUtil.append(larger, buffer);
                buffer = larger;
            }
        }
    }

    private void clientToMasterBody(ByteBuffer part) {
        try {
            body.append(part);
        } catch (IOException e) {
            body.close();
            answer(500, "cannot buffer the request body: " + e.getMessage());
        }
    }

    /** The request is whole: it goes to the dispatcher, as an HTTP request does. */
    private void masterToWorker() {
        byte[] packet;
        try {
            packet = vars.encode();
        } catch (WireException e) {
            body.close();
            answer(431, e.getMessage());
            return;
        }
        phase = Phase.FORWARDED;
        String cookie = vars.header("Cookie");
        Exchange started = intake.exchange(this, packet, body, cookie == null ? 0 : SessionAffinity.worker(cookie));
        exchange = started;
        intake.dispatch(started);
    }

    /** The peer closed its side: before the request was whole, or because its client left. */
    private void peerClosed() {
        if (phase == Phase.DISCARD) {
            close();
            return;
        }
        Exchange current = exchange;
        if (current != null) {
            current.clientFailed(intake.dispatcher());
        } else {
            if (body != null) {
                body.close();
            }
            close();
        }
    }

    /** Reads and drops the body the peer is sending, then answers: nginx reads only after it sent it all. */
    private void drainThenAnswer(int status, String text) {
        intake.answeredByMaster(this, status, opened);
        pendingAnswer = Http1.answer(PlainAnswer.of(status, text));
        phase = Phase.DRAIN;
    }

    /** Answers for the master, without a worker, and closes the connection. */
    private void answer(int status, String text) {
        if (vars != null) {
            intake.answeredByMaster(this, status, opened); // a bad packet has no request line to log
        }
        answer(Http1.answer(PlainAnswer.of(status, text)));
    }

    /**
     * Writes the answer, then reads and drops whatever the peer still sends until it closes: a
     * close with unread bytes would be a reset, and nginx would answer 502 instead of this.
     */
    private void answer(ByteBuffer response) {
        phase = Phase.ANSWERED;
        getEndPoint()
                .write(
                        Callback.from(
                                () -> {
                                    getEndPoint().shutdownOutput();
                                    phase = Phase.DISCARD;
                                    awaitInput();
                                },
                                failure -> close()),
                        response);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        Exchange current = exchange;
        if (current == null || writing) {
            // The peer stalled before the request was whole, or stopped reading the response.
            close();
            return false;
        }
        // A request waiting in the queue gets 503; one at a worker waits on (harakiri bounds it).
        return current.idleTimeout(intake.dispatcher());
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        if (entered) {
            intake.leave();
        }
    }

    // ---- Client: the exchange's side, called by its writer one call at a time ----

    @Override
    public String method() {
        return vars.get("REQUEST_METHOD", "");
    }

    @Override
    public String uri() {
        return vars.get("REQUEST_URI", "/");
    }

    @Override
    public String path() {
        return vars.get("PATH_INFO", "/");
    }

    @Override
    public String protocol() {
        return vars.get("SERVER_PROTOCOL", "HTTP/1.1");
    }

    @Override
    public String remoteAddr() {
        return vars.get("REMOTE_ADDR", "");
    }

    @Override
    public String header(String name) {
        return vars.header(name);
    }

    @Override
    public void head(ResponseHead head) {
        pendingHead = Http1.head(head);
    }

    @Override
    public void write(boolean last, ByteBuffer chunk, Callback callback) {
        ByteBuffer head = pendingHead;
        pendingHead = null;
        writing = true;
        Callback done = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                writing = false;
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                writing = false;
                super.failed(failure);
            }
        };
        if (head != null) {
            getEndPoint().write(done, head, chunk);
        } else {
            getEndPoint().write(done, chunk);
        }
    }

    @Override
    public void succeeded() {
        close();
    }

    /**
     * Over TCP the connection is reset, so that nginx sees a failed upstream rather than the end
     * of a response without a length; a UNIX socket can only be closed.
     */
    @Override
    public void failed(Throwable cause) {
        if (getEndPoint().getTransport() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | UnsupportedOperationException e) {
                // a UNIX socket, or already closed
            }
        }
        close();
    }
}
