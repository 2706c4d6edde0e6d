package org.drover.servlet;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A request body as Jetty reads it: non-blocking reads from the worker's blocking body stream.
 *
 * <p>{@link #read()} returns what the stream has already ({@code available()}), EOF once the
 * body's length has been read, else {@code null}. {@link #demand()} then has a thread of the
 * container's pool wait in a blocking read, keep what it got for the next {@code read()}, and
 * tell Jetty ({@link HttpChannel#onContentAvailable()}). So at most one chunk (64 KiB) is held
 * here, whatever the body's size, and the worker credits the master as chunks are read.
 */
final class RequestContent {

    private static final int MAX_CHUNK = 64 * 1024;

    private final InputStream in;
    private final long length;
    private final Executor pool;
    private HttpChannel channel;

    // guarded by this
    private long remaining;
    private Content.Chunk waited; // what a demand's blocking read got, for the next read()
    private Content.Chunk terminal; // EOF or a failure, once reached
    private boolean waiting; // a pool thread is in a blocking read
    private boolean finished; // the exchange is over: what still comes is dropped
    private byte[] waitBuffer;

    RequestContent(InputStream in, long length, Executor pool) {
        this.in = in;
        this.length = length;
        this.remaining = length;
        this.pool = pool;
    }

    void attach(HttpChannel channel) {
        this.channel = channel;
    }

    /** Jetty's {@code HttpStream.read()}: never blocks. */
    Content.Chunk read() {
        synchronized (this) {
            if (waited != null) {
                Content.Chunk chunk = waited;
                waited = null;
                return chunk;
            }
            if (terminal != null) {
                return terminal;
            }
            if (remaining == 0) {
                terminal = Content.Chunk.EOF;
                return terminal;
            }
            if (waiting) {
                return null; // the stream is the waiting thread's until it has read
            }
            try {
                int n = (int) Math.min(Math.min(in.available(), remaining), MAX_CHUNK);
                if (n <= 0) {
                    return null;
                }
                byte[] bytes = new byte[n];
                return chunk(bytes, in.read(bytes, 0, n));
            } catch (IOException e) {
                terminal = Content.Chunk.from(e, true);
                return terminal;
            }
        }
    }

    /** Jetty's {@code HttpStream.demand()}: never blocks; Jetty hears back on some thread. */
    void demand() {
        boolean ready;
        synchronized (this) {
            if (finished || waiting) {
                return;
            }
            ready = waited != null || terminal != null || remaining == 0 || available() > 0;
            waiting = !ready;
        }
        if (ready) {
            contentAvailable(false);
            return;
        }
        try {
            pool.execute(this::await);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                waiting = false;
                terminal = Content.Chunk.from(new IOException("the servlet container is stopping", e), true);
            }
            contentAvailable(false);
        }
    }

    /** On a pool thread: waits for the body's next bytes, then tells Jetty. */
    private void await() {
        Content.Chunk chunk;
        try {
            byte[] buffer;
            int n;
            synchronized (this) {
                if (waitBuffer == null) {
                    waitBuffer = new byte[(int) Math.min(remaining, MAX_CHUNK)];
                }
                buffer = waitBuffer;
                n = (int) Math.min(remaining, buffer.length);
            }
            int read = in.read(buffer, 0, n); // blocks until the master sends more
            synchronized (this) {
                chunk = read < 0 ? chunk(null, -1) : chunk(Arrays.copyOf(buffer, read), read);
            }
        } catch (IOException e) {
            chunk = Content.Chunk.from(e, true);
        }
        synchronized (this) {
            waiting = false;
            if (finished) {
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                terminal = chunk;
            } else {
                waited = chunk;
            }
        }
        contentAvailable(true);
    }

    /** A chunk of what was read; reaching the end of the body makes it the last. Holds the lock. */
    private Content.Chunk chunk(byte[] bytes, int read) {
        if (read < 0) {
            terminal = Content.Chunk.from(
                    new EOFException(
                            "the request body ended after " + (length - remaining) + " of its " + length + " bytes"),
                    true);
            return terminal;
        }
        remaining -= read;
        boolean last = remaining == 0;
        if (last) {
            terminal = Content.Chunk.EOF;
        }
        return Content.Chunk.from(ByteBuffer.wrap(bytes, 0, read), last);
    }

    private int available() {
        try {
            return in.available();
        } catch (IOException e) {
            return 1; // read() will meet the failure
        }
    }

    /**
     * Runs Jetty's reaction: at once if it does not block (it wakes a blocked reader), else on
     * the pool (a ReadListener's onDataAvailable), never on a thread of the worker.
     */
    private void contentAvailable(boolean onPool) {
        Runnable task = channel.onContentAvailable();
        if (task == null) {
            return;
        }
        if (onPool || Invocable.getInvocationType(task) == Invocable.InvocationType.NON_BLOCKING) {
            task.run();
            return;
        }
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the container is stopping
        }
    }

    /**
     * Jetty's {@code HttpStream.consumeAvailable()} at the end of a request: what the servlet did
     * not read is dropped (the worker drops the rest when the request ends), without failing the
     * response. Returns the body's failure, if it had one.
     */
    synchronized Throwable consumeAvailable() {
        Throwable failure = Content.Chunk.isFailure(waited)
                ? waited.getFailure()
                : Content.Chunk.isFailure(terminal) ? terminal.getFailure() : null;
        waited = null;
        finished = true;
        if (failure == null) {
            terminal = Content.Chunk.EOF;
        }
        return failure;
    }

    /** The exchange is over: a thread still waiting for the body is released. */
    void finish() {
        boolean release;
        synchronized (this) {
            finished = true;
            release = waiting;
        }
        if (release) {
            try {
                in.close(); // the worker's body stream wakes its reader; the worker closes it anyway
            } catch (IOException e) {
                // the waiting thread ends all the same
            }
        }
    }
}
