package org.drover.worker;

/**
 * Keeps harakiri's interrupt away from a request thread while it writes to the shared
 * connection: an interrupted thread that touches an NIO channel closes it, and with it every
 * request of the worker. An interrupt that arrives during a write waits until the write is done.
 */
final class WriteGuard {

    private Thread thread;
    private boolean writing;
    private boolean pending;

    synchronized void attach(Thread thread) {
        this.thread = thread;
    }

    /** Interrupts the request thread now, or after its current write. */
    synchronized void interrupt() {
        if (writing) {
            pending = true;
        } else if (thread != null) {
            thread.interrupt();
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

    /** Drops an interrupt meant for a request that has returned. */
    synchronized void clear() {
        pending = false;
        Thread.interrupted();
    }
}
