package org.drover.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.drover.wire.Frame;
import org.drover.wire.FrameWriter;

/**
 * Keeps harakiri's interrupt away from a request thread while it writes to the shared
 * connection: an interrupted thread that touches an NIO channel closes it, and with it every
 * request of the worker. An interrupt that arrives during a write waits until the write is done.
 * A thread of the app's own (the servlet container's pool reads request bodies) is not guarded:
 * what it sends goes through one thread of the worker's that nothing interrupts.
 *
 * <p>One guard per slot. It holds the request thread that runs the slot's request from {@link
 * #attach()} to {@link #detach()}, so harakiri's interrupt and stack dump find that thread, and
 * never the thread's next request, which may be of another slot.
 */
final class WriteGuard {

    /** Writes for the app's own threads, which anything may interrupt. */
    private static final ExecutorService FOREIGN = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "drover-foreign-writes");
        thread.setDaemon(true);
        return thread;
    });

    private Thread thread;
    private boolean writing;
    private boolean pending;

    /** The calling thread runs the slot's request from now on. */
    synchronized void attach() {
        thread = Thread.currentThread();
        pending = false;
    }

    /** The thread running the slot's request, or {@code null} between requests. */
    synchronized Thread thread() {
        return thread;
    }

    /** Interrupts the request thread now, or after its current write. */
    synchronized void interrupt() {
        if (writing) {
            pending = true;
        } else if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * Sends a frame on the shared connection from whichever thread reads the body: the request
     * thread under this guard, any other through the worker's own writing thread, waiting for it
     * there, so that frames keep their order.
     */
    void send(FrameWriter writer, Frame frame) throws IOException {
        boolean requestThread;
        synchronized (this) {
            requestThread = Thread.currentThread() == thread;
        }
        if (requestThread) {
            beginWrite();
            try {
                writer.send(frame);
            } finally {
                endWrite();
            }
            return;
        }
        try {
            CompletableFuture.runAsync(
                            () -> {
                                try {
                                    writer.send(frame);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            FOREIGN)
                    .join(); // waits through interrupts: the frame is sent, or the channel failed
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** Called by the request thread before it writes; keeps any interrupt for later. */
    synchronized void beginWrite() {
        writing = true;
        if (Thread.interrupted()) {
            pending = true;
        }
    }

    /** Called by the request thread after it wrote; delivers an interrupt that waited. */
    synchronized void endWrite() {
        writing = false;
        if (pending) {
            pending = false;
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The calling thread is done with the slot's request: an interrupt meant for it, delivered
     * or waiting, is dropped, and later ones reach nobody. The slot's next request may already
     * run on another thread, which keeps the guard.
     */
    synchronized void detach() {
        if (thread == Thread.currentThread()) {
            thread = null;
            pending = false;
        }
        Thread.interrupted();
    }
}
