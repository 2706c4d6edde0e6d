package org.drover.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;

/**
 * A request body as the app reads it: chunks that the reader thread adds as BODY frames
 * arrive. Each chunk read is credited back to the master, which sends more only against
 * credit, so a large upload holds a bounded amount of memory here.
 */
final class BodyInput extends InputStream {

    private final int slot;
    private final FrameWriter writer;
    private final WriteGuard guard;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private byte[] chunk;
    private int at;
    private boolean ended;
    private boolean cancelled;
    private boolean closed;

    BodyInput(int slot, FrameWriter writer, WriteGuard guard) {
        this.slot = slot;
        this.writer = writer;
        this.guard = guard;
    }

    /** Adds a chunk; dropped if the request is finished. Called by the reader thread. */
    synchronized void add(byte[] bytes) {
        if (!closed && !ended && bytes.length > 0) {
            chunks.add(bytes);
            notifyAll();
        }
    }

    /** Marks the end of the body. Called by the reader thread. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    /** The request is finished: later chunks are dropped. */
    @Override
    public synchronized void close() {
        closed = true;
        chunks.clear();
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int credit = 0;
        int n;
        synchronized (this) {
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
            n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            if (at == chunk.length) {
                credit = chunk.length;
                chunk = null;
            }
        }
        if (credit > 0) {
            guard.send(writer, Frame.ofInt(FrameType.CREDIT, slot, credit)); // from any thread the app reads on
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return chunk == null ? (chunks.isEmpty() ? 0 : chunks.peek().length) : chunk.length - at;
    }
}
