package org.drover.worker;

import java.io.IOException;
import org.drover.wire.ExitCodes;
import org.drover.wire.Frame;
import org.drover.wire.FrameWriter;
import org.drover.wire.RequestHead;
import org.drover.wire.WireException;
import org.drover.worker.app.LoadedApp;

/**
 * The worker's slots, and the demultiplexer that the data connection's reading thread drives:
 * each frame goes to the request of its slot.
 */
final class Slots {

    /** The name of every thread of the servlet container's pool begins so. */
    static final String SERVLET_POOL = "drover-servlet-";

    private final Slot[] slots;
    private final FrameWriter writer;
    private final Object idle = new Object();
    private int busy;
    private long finished;
    private LoadedApp app;

    Slots(int threads, FrameWriter writer) {
        this.writer = writer;
        this.slots = new Slot[threads];
    }

    void start(LoadedApp app) {
        this.app = app;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i, app, writer, this);
        }
    }

    /**
     * Routes one frame from the master; called by the thread reading the data connection only.
     *
     * @return the request a REQUEST frame starts, to run on a request thread; otherwise {@code null}
     */
    Runnable accept(Frame frame) {
        if (frame.slot() >= slots.length) {
            fail(new WireException(
                    frame + " names slot " + frame.slot() + " but this worker has " + slots.length + " threads"));
        }
        Slot slot = slots[frame.slot()];
        switch (frame.type()) {
            case REQUEST -> {
                RequestHead head;
                try {
                    head = RequestHead.decode(frame.payload());
                } catch (WireException e) {
                    fail(e);
                    return null;
                }
                return slot.begin(head);
            }
            case BODY -> slot.current().body().add(frame.payload());
            case BODY_END -> slot.current().body().end();
            case CANCEL -> slot.current().cancel();
            case INTERRUPT -> {
                slot.current().cancel(); // harakiri: the client has its 504 already
                slot.interrupt();
            }
            default -> fail(new WireException("unexpected " + frame + " on the data connection"));
        }
        return null;
    }

    void requestStarted() {
        synchronized (idle) {
            busy++;
        }
    }

    private final java.util.concurrent.atomic.AtomicLong exceptions = new java.util.concurrent.atomic.AtomicLong();

    /** Counts a request whose app threw. */
    void exceptionThrown() {
        exceptions.incrementAndGet();
    }

    long exceptions() {
        return exceptions.get();
    }

    /** Requests finished so far. */
    long finished() {
        synchronized (idle) {
            return finished;
        }
    }

    void requestFinished() {
        synchronized (idle) {
            finished++;
            busy--;
            idle.notifyAll();
        }
    }

    /**
     * The stack of the thread running a slot's request, or of every thread, as text like jstack's. A slot's
     * comes with the stacks of the servlet container's pool threads that are at work: an async
     * servlet request ({@code startAsync}) goes on in them while its slot waits for its end.
     */
    String stack(int slot, boolean all) {
        StringBuilder text = new StringBuilder();
        if (all) {
            Thread.getAllStackTraces().forEach((thread, frames) -> describe(text, thread, frames));
        } else if (slot >= 0 && slot < slots.length && slots[slot] != null) {
            Thread thread = slots[slot].thread();
            if (thread == null) {
                text.append("no request is running on slot ").append(slot).append('\n');
            } else {
                describe(text, thread, thread.getStackTrace());
            }
            Thread.getAllStackTraces().forEach((other, frames) -> {
                if (other.getName().startsWith(SERVLET_POOL) && !idle(frames)) {
                    describe(text, other, frames);
                }
            });
        } else {
            text.append("no request thread ").append(slot).append('\n');
        }
        return text.toString();
    }

    /** Whether a pool thread waits for a job: Jetty's idle in {@code idleJobPoll}, reserved ones in {@code waitForTask}. */
    private static boolean idle(StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            if (frame.getMethodName().equals("idleJobPoll")
                    || frame.getMethodName().equals("waitForTask")) {
                return true;
            }
        }
        return frames.length == 0;
    }

    private static void describe(StringBuilder text, Thread thread, StackTraceElement[] frames) {
        text.append('"')
                .append(thread.getName())
                .append("\" ")
                .append(thread.getState())
                .append('\n');
        for (StackTraceElement frame : frames) {
            text.append("\tat ").append(frame).append('\n');
        }
    }

    /** Waits until no request is running, then closes the app; the master stops sending first. */
    void drainAndClose() {
        synchronized (idle) {
            while (busy > 0) {
                try {
                    idle.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (app != null) {
            app.close();
        }
    }

    private static void fail(IOException e) {
        System.err.println("drover worker: protocol error from the master: " + e.getMessage());
        Runtime.getRuntime().halt(ExitCodes.FAILURE);
    }
}
