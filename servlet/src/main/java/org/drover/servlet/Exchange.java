package org.drover.servlet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.drover.api.Header;
import org.drover.api.StartResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;

/**
 * One request through Jetty, run on its slot's request thread: Jetty's HttpStream for it (as
 * FastCGI's HttpStreamOverFCGI is), which reads the body from {@link RequestContent} and sends
 * the response to the slot's {@link StartResponse} and body stream.
 *
 * <p>Only the slot thread may write the response, so a {@link #send} on another thread (an
 * async servlet's, on the container's pool) is handed to it: the slot thread stays in {@link
 * #run} until Jetty ends the exchange ({@link #succeeded()} or {@link #failed}), writes each
 * hand-off as it comes, and only then completes its callback, so a servlet writing on the pool
 * waits for the client as a blocking one does. A hand-off waits while the servlet still runs on
 * the slot thread: a servlet that blocks there until another thread's write to its response is
 * done waits for ever (until harakiri), which no async servlet needs to do.
 */
final class Exchange implements HttpStream {

    private static final int SCRATCH_BYTES = 64 * 1024;

    private final SlotConnection connection;
    private final RequestHead head;
    private final RequestContent content;
    private final StartResponse start;
    private final OutputStream out;
    private final Executor pool;
    private final boolean headRequest;
    private final Thread slotThread = Thread.currentThread();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private HttpChannel channel;

    // guarded by lock
    private final ArrayDeque<Send> handoffs = new ArrayDeque<>();
    private Send writing; // the hand-off the slot thread writes now
    private Callback cancelledWhileWriting;
    private Throwable cancelCause;
    private boolean ended;
    private Throwable failure;
    private boolean abandoned;

    private volatile boolean committed; // a response head was sent, or handed off

    // the slot thread's only
    private boolean lastSent;
    private long declaredLength = -1;
    private long written;
    private byte[] scratch;

    private volatile long idleTimeout;

    /** A response part Jetty sent on another thread, for the slot thread to write. */
    private record Send(MetaData.Response response, boolean last, ByteBuffer content, Callback callback) {}

    Exchange(
            SlotConnection connection,
            RequestHead head,
            RequestContent content,
            StartResponse start,
            OutputStream out,
            Executor pool) {
        this.connection = connection;
        this.head = head;
        this.content = content;
        this.start = start;
        this.out = out;
        this.pool = pool;
        this.headRequest = HttpMethod.HEAD.is(head.metaData().getMethod());
    }

    /**
     * Runs the request on this thread, the slot's, and returns when Jetty has ended it and its
     * response is written.
     *
     * @throws IOException if the response failed once bytes of it had been written (the worker
     *     then aborts the client's connection), or before anything could be written
     * @throws InterruptedIOException if this thread was interrupted (harakiri) while an async
     *     response was pending; the exchange is then failed and abandoned
     */
    void run() throws IOException {
        channel = connection.channelFor(head);
        content.attach(channel);
        channel.setHttpStream(this);
        Runnable handle = channel.onRequest(head.metaData());
        try {
            handle.run(); // the servlet runs here, on the slot thread, for harakiri's stack dump
            awaitEnd();
        } finally {
            content.finish();
        }
        Throwable cause;
        lock.lock();
        try {
            cause = failure;
        } finally {
            lock.unlock();
        }
        if (cause != null && !complete()) {
            throw new IOException(
                    "the servlet's response failed" + (committed ? " after it started" : "") + ": " + cause, cause);
        }
    }

    /** Whether the next request of the slot may use this connection and its channel. */
    boolean reusable() {
        lock.lock();
        try {
            return ended && failure == null && !abandoned;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the client got a whole response: the last part went out, of the declared length. */
    private boolean complete() {
        return lastSent && (declaredLength < 0 || headRequest || written == declaredLength);
    }

    /** Writes the hand-offs of the other threads as they come, until Jetty ends the exchange. */
    private void awaitEnd() throws InterruptedIOException {
        for (Send next = nextHandoff(); next != null; next = nextHandoff()) {
            write(next);
        }
    }

    /** The next hand-off to write, or null once the exchange has ended; on harakiri, abandons it. */
    private Send nextHandoff() throws InterruptedIOException {
        lock.lock();
        try {
            while (handoffs.isEmpty() && !ended) {
                changed.await();
            }
            writing = handoffs.poll();
            return writing;
        } catch (InterruptedException e) {
            lock.unlock();
            try {
                abandon();
            } finally {
                lock.lock();
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the async response of "
                    + head.metaData().getMethod() + " "
                    + head.metaData().getHttpURI().getPathQuery()
                    + " was pending; abandoned it");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails the exchange in Jetty and lets it end without this thread: what is handed off later
     * fails, and the connection is not used again.
     */
    private void abandon() {
        List<Send> dropped;
        lock.lock();
        try {
            abandoned = true;
            dropped = new ArrayList<>(handoffs);
            handoffs.clear();
        } finally {
            lock.unlock();
        }
        IOException gone = new IOException("the request's slot thread was interrupted: its response is abandoned");
        for (Send send : dropped) {
            execute(() -> send.callback().failed(gone));
        }
        Runnable failing = channel.onFailure(new InterruptedIOException("the request's slot thread was interrupted"));
        if (failing != null) {
            execute(failing); // the servlet's AsyncListener.onError, maybe: not on the slot thread
        }
    }

    /** On the pool; here when the pool is stopping. */
    private void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    @Override
    public void send(
            MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer bytes, Callback callback) {
        if (response != null && HttpStatus.isInterim(response.getStatus())) {
            // 100 Continue (Jetty's answer to Expect when the servlet reads) or 103: not sent, the
            // master answers Expect itself and the SPI has no interim responses. Nothing to write.
            callback.succeeded();
            return;
        }
        Send send = new Send(response, last, bytes, callback);
        boolean here;
        String refusal = null;
        lock.lock();
        try {
            if (ended || abandoned) {
                here = false; // later than the end, or the slot thread has gone: nobody writes any more
                refusal = abandoned
                        ? "the request's slot thread was interrupted: its response is abandoned"
                        : "the response was sent after its exchange ended";
            } else {
                if (response != null) {
                    committed = true;
                }
                if (Thread.currentThread() != slotThread) {
                    handoffs.add(send);
                    changed.signal();
                    return;
                }
                writing = send;
                here = true;
            }
        } finally {
            lock.unlock();
        }
        if (here) {
            write(send); // the servlet runs on this thread and waits for its write
        } else {
            callback.failed(new IOException(refusal));
        }
    }

    /** On the slot thread: writes one part of the response, then completes its callback. */
    private void write(Send send) {
        Throwable writeFailure = null;
        try {
            if (send.response() != null) {
                commit(send.response());
            }
            writeContent(send.content());
            if (send.last()) {
                lastSent = true; // held by the stream until the writer returns, then sent with the end
            } else {
                out.flush(); // Jetty sends a part before the last when the servlet flushes or its buffer is full
            }
        } catch (Throwable x) {
            writeFailure = x;
        }
        Callback cancelled;
        Throwable cause;
        lock.lock();
        try {
            writing = null;
            cancelled = cancelledWhileWriting;
            cause = cancelCause;
            cancelledWhileWriting = null;
        } finally {
            lock.unlock();
        }
        if (writeFailure != null) {
            send.callback().failed(writeFailure);
        } else {
            send.callback().succeeded();
        }
        if (cancelled != null) {
            cancelled.failed(cause);
        }
    }

    /** Starts the response: status and headers, as Jetty gives them, repeated names and all. */
    private void commit(MetaData.Response response) {
        List<Header> headers = new ArrayList<>(response.getHttpFields().size());
        for (HttpField field : response.getHttpFields()) {
            String name = field.getName();
            String value = field.getValue() == null ? "" : field.getValue();
            if (name.isEmpty() || name.indexOf(':') >= 0 || hasLineBreak(name) || hasLineBreak(value)) {
                System.err.println("drover servlet: dropped a response header that HTTP cannot carry: "
                        + name.replaceAll("[\\r\\n]", " "));
                continue;
            }
            headers.add(new Header(name, value));
        }
        int status = response.getStatus();
        String reason = response.getReason() != null ? response.getReason() : HttpStatus.getMessage(status);
        start.start(status + " " + reason, headers);
        declaredLength = response.getHttpFields().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** Writes the bytes to the slot's (buffered) stream; consumes the buffer. */
    private void writeContent(ByteBuffer bytes) throws IOException {
        if (bytes == null || !bytes.hasRemaining()) {
            return;
        }
        int n = bytes.remaining();
        if (headRequest) {
            bytes.position(bytes.limit()); // Jetty counts a HEAD body; the client gets none
        } else if (bytes.hasArray()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), n);
            bytes.position(bytes.limit());
        } else {
            if (scratch == null) {
                scratch = new byte[SCRATCH_BYTES];
            }
            while (bytes.hasRemaining()) {
                int chunk = Math.min(bytes.remaining(), scratch.length);
                bytes.get(scratch, 0, chunk);
                out.write(scratch, 0, chunk);
            }
        }
        written += n;
    }

    @Override
    public Runnable cancelSend(Throwable cause, Callback appCallback) {
        // Under Jetty's lock: only return what to do. A hand-off not written yet is dropped; one
        // being written fails the app's callback once it is written.
        return () -> {
            Send dropped = null;
            boolean later = false;
            lock.lock();
            try {
                dropped = handoffs.pollLast(); // Jetty writes one part at a time: at most one waits
                if (dropped == null && writing != null) {
                    cancelledWhileWriting = appCallback;
                    cancelCause = cause;
                    later = true;
                }
            } finally {
                lock.unlock();
            }
            if (dropped != null) {
                dropped.callback().failed(cause);
            }
            if (!later) {
                appCallback.failed(cause);
            }
        };
    }

    @Override
    public Content.Chunk read() {
        return content.read();
    }

    @Override
    public void demand() {
        content.demand();
    }

    @Override
    public Throwable consumeAvailable() {
        return content.consumeAvailable();
    }

    @Override
    public void prepareResponse(HttpFields.Mutable headers) {
        // Connection and keep-alive are the master's business.
    }

    @Override
    public String getId() {
        return connection.getId();
    }

    @Override
    public long getIdleTimeout() {
        return idleTimeout;
    }

    @Override
    public void setIdleTimeout(long idleTimeoutMs) {
        idleTimeout = idleTimeoutMs;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    /** Jetty's end of a good exchange, on any thread. */
    @Override
    public void succeeded() {
        channel.recycle(); // as FastCGI does: the channel is ready for the slot's next request
        end(null);
    }

    /** Jetty's end of a failed exchange, on any thread. */
    @Override
    public void failed(Throwable x) {
        end(x == null ? new IOException("the exchange failed") : x);
    }

    private void end(Throwable x) {
        lock.lock();
        try {
            ended = true;
            failure = x;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Exchange[" + connection.getId() + " " + head.metaData().getMethod() + " "
                + head.metaData().getHttpURI().getPathQuery() + "]";
    }
}
