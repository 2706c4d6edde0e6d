package org.drover.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A request body as the worker's {@code BodyInput} gives it: a blocking stream of the chunks the
 * master sends, here added over time by a thread of the test, with an honest {@code
 * available()} (what the current chunk has left) and a {@code close()} that wakes a reader.
 */
final class TestBody extends InputStream {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ArrayDeque<byte[]> later = new ArrayDeque<>();
    private final long length;
    private byte[] chunk;
    private int at;
    private boolean ended;
    private boolean closed;
    private boolean cancelled;
    private long read;
    private long readBeforeEnd = -1;
    private Thread feeder;

    private TestBody(long length) {
        this.length = length;
    }

    static TestBody empty() {
        TestBody body = new TestBody(0);
        body.end();
        return body;
    }

    /** The whole body, there at once. */
    static TestBody of(byte[] bytes) {
        TestBody body = new TestBody(bytes.length);
        body.add(bytes);
        body.end();
        return body;
    }

    /** The body in chunks of {@code chunkSize} added every {@code delayMillis} by a thread of its own, first after a delay. */
    static TestBody trickled(byte[] bytes, int chunkSize, long delayMillis) {
        TestBody body = new TestBody(bytes.length);
        body.feeder = new Thread(
                () -> {
                    try {
                        for (int at = 0; at < bytes.length; at += chunkSize) {
                            Thread.sleep(delayMillis);
                            body.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunkSize)));
                        }
                        body.end();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "test-master-feeder");
        body.feeder.setDaemon(true);
        body.feeder.start();
        return body;
    }

    /**
     * The body in chunks that arrive just after the app looked and found nothing: each time the
     * current chunk is used up, {@code available()} says 0 once, and then the next chunk is there.
     * That is the race between Jetty's read() finding nothing and its demand().
     */
    static TestBody arrivingJustAfterALook(byte[] bytes, int chunkSize) {
        TestBody body = new TestBody(bytes.length);
        for (int at = 0; at < bytes.length; at += chunkSize) {
            body.later.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunkSize)));
        }
        return body;
    }

    long length() {
        return length;
    }

    Thread feeder() {
        return feeder;
    }

    synchronized void add(byte[] bytes) {
        if (!closed && bytes.length > 0) {
            chunks.add(bytes);
            notifyAll();
        }
    }

    /** The client went away: reads fail, as the worker's do once the master cancels the request. */
    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    synchronized void end() {
        ended = true;
        readBeforeEnd = read;
        notifyAll();
    }

    /** How many bytes the app had read when the last chunk arrived: it read while the body came. */
    synchronized long readBeforeEnd() {
        return readBeforeEnd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunk == null) {
            if (cancelled) {
                throw new IOException("the client went away");
            }
            if (closed) {
                throw new IOException("request body read after the request finished");
            }
            chunk = chunks.poll();
            at = 0;
            if (chunk == null) {
                if (ended) {
                    return -1;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                }
            }
        }
        int n = Math.min(len, chunk.length - at);
        System.arraycopy(chunk, at, b, off, n);
        at += n;
        if (at == chunk.length) {
            chunk = null;
        }
        read += n;
        return n;
    }

    @Override
    public synchronized int available() {
        if (chunk == null && chunks.isEmpty() && !later.isEmpty()) {
            chunks.add(later.poll()); // arrives now, but this look found nothing
            if (later.isEmpty()) {
                end();
            }
            notifyAll();
            return 0;
        }
        return chunk == null ? (chunks.isEmpty() ? 0 : chunks.peek().length) : chunk.length - at;
    }

    @Override
    public synchronized void close() {
        closed = true;
        chunks.clear();
        notifyAll();
    }
}
