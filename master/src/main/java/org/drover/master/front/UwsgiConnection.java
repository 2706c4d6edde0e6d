package org.drover.master.front;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.drover.master.dispatch.Client;
import org.drover.master.dispatch.Exchange;
import org.drover.master.dispatch.PlainAnswer;
import org.drover.master.dispatch.RequestBody;
import org.drover.wire.ResponseHead;
import org.drover.wire.UwsgiPacket;
import org.drover.wire.WireException;
import org.eclipse.jetty.util.Callback;

/**
 * One connection of the uwsgi {@code socket} listener, which carries one request, as nginx's
 * {@code uwsgi_pass} sends it: a uwsgi packet of vars, then {@code CONTENT_LENGTH} bytes of body.
 * The body is read into the master, the request goes through the same dispatcher as HTTP, and the
 * response goes back as plain HTTP/1.1, its end marked by closing the connection (nginx's uwsgi
 * module does not decode chunked bodies). The peer closing its side before the request is whole
 * means its client left.
 *
 * <p>Reads happen on the listener's selector thread (or, for a body that spools to a file, on
 * the executor, one read at a time); writes on the thread that has the response, and on the
 * selector thread when the socket could not take a write at once.
 */
final class UwsgiConnection implements Client {

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

    private final UwsgiListener listener;
    private final Intake intake;
    private final SocketChannel channel;
    private final UwsgiRequestParser parser;
    /** What was read and not yet taken, in flush mode; as large as the vars may be, larger for a body. */
    private ByteBuffer buffer;

    private volatile Phase phase = Phase.READING;
    private UwsgiVars vars;
    private RequestBody body;
    private ByteBuffer pendingAnswer;
    private volatile Exchange exchange;
    private final long opened = System.nanoTime();
    private volatile long lastProgress = opened;
    /** The channel's registration at the selector, made on the selector thread when first needed. */
    private volatile SelectionKey key;

    private final AtomicBoolean closed = new AtomicBoolean();

    /** A write under way that the socket could not take at once; the selector finishes it. */
    private ByteBuffer[] pendingWrite;

    private Callback pendingCallback;
    /** A response write is under way; a peer that stops reading fails it at the idle timeout. */
    private volatile boolean writing;

    private ByteBuffer pendingHead;

    UwsgiConnection(UwsgiListener listener, SocketChannel channel) {
        this.listener = listener;
        this.intake = listener.intake();
        this.channel = channel;
        this.parser = new UwsgiRequestParser(listener.bufferSize());
        this.buffer =
                ByteBuffer.allocate(UwsgiPacket.HEADER + listener.bufferSize()).flip();
        // In flight from its accept: nginx sent its request before a stop closed the socket,
        // so a graceful stop serves it, and waits for it.
        intake.enter();
    }

    // ---- reading, on the selector thread ----

    /**
     * The channel has bytes, or has just been accepted. The vars, a small body and the end of
     * the stream are read here, as the HTTP handler does on Jetty's selector: nginx opens a
     * connection per request, and a hand-off to another thread would cost a wake-up on each. A
     * body that goes to a temporary file is read on the executor, since writing it may block.
     */
    void onReadable() {
        if (spooling()) {
            interest(0);
            intake.executor().execute(() -> read(false));
        } else {
            read(true);
        }
    }

    private boolean spooling() {
        return phase == Phase.READING && vars != null && vars.contentLength() > intake.postBuffering();
    }

    private void read(boolean onSelector) {
        boolean discarding = phase == Phase.DISCARD;
        try {
            while (true) {
                if (!consume(onSelector)) {
                    onReadable(); // the vars say the body spools: read it on the executor
                    return;
                }
                Phase now = phase;
                if (now == Phase.FORWARDED) {
                    // The request is whole: nothing more is read. An end of input now would be the
                    // peer's shutdown(SHUT_WR), answered all the same, and a peer that has gone is
                    // noticed when the answer is written. (Off the selector, the interest is off already.)
                    if (onSelector && key != null) {
                        interest(0);
                    }
                    return;
                }
                if (!discarding && (now == Phase.ANSWERED || now == Phase.DISCARD)) {
                    return; // the answer's write asks for the rest of the input
                }
                buffer.compact();
                int n;
                try {
                    n = channel.read(buffer);
                } finally {
                    buffer.flip();
                }
                if (n < 0) {
                    peerClosed();
                    return;
                }
                if (n == 0) {
                    if (onSelector) {
                        interest(SelectionKey.OP_READ);
                    } else {
                        listener.onSelector(() -> interest(SelectionKey.OP_READ));
                    }
                    return;
                }
                lastProgress = System.nanoTime();
            }
        } catch (IOException e) {
            peerClosed();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Takes what the buffer holds as far as the current phase allows; false when the vars just
     * read say the body spools to a file and this is the selector thread, which must not write one.
     */
    private boolean consume(boolean onSelector) {
        if (phase == Phase.DISCARD) {
            buffer.position(buffer.limit()); // nothing follows an answer of the master's
            return true;
        }
        UwsgiRequestParser.Event event;
        while ((phase == Phase.READING || phase == Phase.DRAIN) && (event = parser.parse(buffer)) != null) {
            if (event instanceof UwsgiRequestParser.Vars v) {
                clientToMasterVars(v.vars());
                if (onSelector && spooling()) {
                    return false;
                }
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
        return true;
    }

    /** The vars are in: the request is counted, and refused or given a body to fill. */
    private void clientToMasterVars(UwsgiVars decoded) {
        vars = decoded;
        long limitPost = intake.limitPost();
        if (limitPost > 0 && vars.contentLength() > limitPost) {
            drainThenAnswer(413, "request body of " + vars.contentLength() + " bytes is over limit-post " + limitPost);
        } else {
            body = vars.contentLength() == 0 ? RequestBody.EMPTY : new RequestBody(intake.postBuffering());
            if (vars.contentLength() > buffer.capacity() && buffer.capacity() < BODY_BUFFER) {
                ByteBuffer larger = ByteBuffer.allocate(BODY_BUFFER);
                larger.put(buffer).flip();
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
        Phase reading = phase;
        phase = Phase.FORWARDED; // before the file's answer can be written, from the executor
        if (intake.serveStatic(this, opened)) {
            body.close();
            return;
        }
        phase = reading;
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
        write(new ByteBuffer[] {response}, Callback.from(this::discardUntilClosed, failure -> close()));
    }

    private void discardUntilClosed() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        phase = Phase.DISCARD;
        listener.onSelector(() -> interest(SelectionKey.OP_READ));
    }

    /** Sets what the selector waits for on this channel; on the selector thread. */
    private void interest(int ops) {
        if (closed.get()) {
            return;
        }
        try {
            SelectionKey current = key;
            if (current == null) {
                if (ops != 0) {
                    key = listener.register(channel, ops, this);
                }
            } else if (current.isValid()) {
                current.interestOps(ops);
            }
        } catch (IOException | java.nio.channels.CancelledKeyException e) {
            close(); // closed by another thread meanwhile
        }
    }

    // ---- writing ----

    /**
     * Writes what the socket takes now, and leaves the rest to the selector; the callback
     * completes on this thread when the socket took it all, else on the executor.
     */
    private void write(ByteBuffer[] buffers, Callback callback) {
        writing = true;
        try {
            if (flush(buffers)) {
                writing = false;
                callback.succeeded();
                return;
            }
        } catch (IOException e) {
            writing = false;
            callback.failed(e);
            return;
        }
        synchronized (this) {
            pendingWrite = buffers;
            pendingCallback = callback;
        }
        listener.onSelector(() -> interest(SelectionKey.OP_WRITE));
    }

    /** Writes until the buffers are empty (true) or the socket takes no more (false). */
    private boolean flush(ByteBuffer[] buffers) throws IOException {
        while (true) {
            long n = channel.write(buffers);
            if (!buffers[0].hasRemaining() && !buffers[buffers.length - 1].hasRemaining()) {
                return true; // one buffer, or a head and a chunk
            }
            if (n == 0) {
                return false;
            }
            lastProgress = System.nanoTime();
        }
    }

    /** The socket takes bytes again: the pending write goes on; on the selector thread. */
    void onWritable() {
        ByteBuffer[] buffers;
        synchronized (this) {
            buffers = pendingWrite;
        }
        if (buffers == null) {
            interest(0);
            return;
        }
        IOException failure = null;
        try {
            if (!flush(buffers)) {
                return;
            }
        } catch (IOException e) {
            failure = e;
        }
        interest(0);
        Callback callback = takePendingCallback();
        if (callback != null) {
            writing = false;
            IOException failed = failure;
            intake.executor().execute(failed == null ? callback::succeeded : () -> callback.failed(failed));
        }
    }

    private synchronized Callback takePendingCallback() {
        Callback callback = pendingCallback;
        pendingWrite = null;
        pendingCallback = null;
        return callback;
    }

    // ---- timeouts and closing ----

    /** Called by the listener's sweep, on the selector thread. */
    void checkIdle(long now, long idleTimeoutNanos) {
        if (now - lastProgress < idleTimeoutNanos) {
            return;
        }
        Exchange current = exchange;
        if (current == null || writing || phase != Phase.FORWARDED) {
            // The peer stalled before the request was whole, or stopped reading the response.
            close();
            return;
        }
        lastProgress = now; // asked again after another idle timeout, as Jetty does
        // A request waiting in the queue gets 503; one at a worker waits on (harakiri bounds it).
        current.idleTimeout(intake.dispatcher());
    }

    /** Closes the channel, fails a pending write, and counts the request out. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closed anyway
        }
        listener.closed(this);
        intake.leave();
        Callback callback = takePendingCallback();
        if (callback != null) {
            writing = false;
            intake.executor().execute(() -> callback.failed(new IOException("the uwsgi connection closed")));
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
        write(head == null ? new ByteBuffer[] {chunk} : new ByteBuffer[] {head, chunk}, callback);
    }

    /** The response is whole: its end is the end of the stream. */
    @Override
    public void succeeded() {
        if (key != null) {
            try {
                // Closing a channel the selector knows releases it only at the selector's next
                // turn; the shutdown tells the peer now. One never registered closes at once.
                channel.shutdownOutput();
            } catch (IOException e) {
                // closing anyway
            }
        }
        close();
    }

    /**
     * Over TCP the connection is reset, so that nginx sees a failed upstream rather than the end
     * of a response without a length; a UNIX socket can only be closed.
     */
    @Override
    public void failed(Throwable cause) {
        if (listener.tcp()) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | UnsupportedOperationException e) {
                // already closed
            }
        }
        close();
        if (key != null) {
            listener.wakeup(); // the reset goes out when the selector releases the channel
        }
    }
}
