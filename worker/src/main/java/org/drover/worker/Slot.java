package org.drover.worker;

import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.wire.ExitCodes;
import org.drover.wire.FrameWriter;
import org.drover.wire.RequestHead;
import org.drover.worker.app.LoadedApp;

/**
 * One slot: its newest request, and the request thread that runs it, which is whichever of the
 * worker's request threads read it. Calls the app and writes the response frames. The master
 * sends a slot's next request only after the previous request's END.
 */
final class Slot {

    private final int id;
    private final Application app;
    private final FrameWriter writer;
    private final Slots slots;
    private final WriteGuard guard = new WriteGuard();
    /** The newest request; written by the reading thread only, read by stack dumps too. */
    private volatile SlotRequest current = SlotRequest.NONE;

    Slot(int id, LoadedApp app, FrameWriter writer, Slots slots) {
        this.id = id;
        this.app = app.application();
        this.writer = writer;
        this.slots = slots;
    }

    /** The thread running the slot's request, or {@code null} if none runs, for stack dumps. */
    Thread thread() {
        return guard.thread();
    }

    /**
     * Harakiri: interrupts the thread of the slot's current request if it is still running,
     * never in the middle of a write. Called by the reading thread, in order with the slot's
     * REQUEST frames, so it cannot reach the slot's next request; and the guard lets go of a
     * thread once its request has returned, so it cannot reach the thread's next request either.
     */
    void interrupt() {
        if (!current.finished()) {
            guard.interrupt();
        }
    }

    /** Called by the reading thread when a REQUEST frame arrives; returns the request to run. */
    Runnable begin(RequestHead head) {
        SlotRequest request = new SlotRequest(id, head, writer, guard);
        current = request;
        slots.requestStarted(); // counted from here, so a STOP cannot overtake a request not yet run
        return () -> run(request);
    }

    /** The slot's newest request; frames that arrive after it finished are dropped by it. */
    SlotRequest current() {
        return current;
    }

    /** Runs a request on the calling request thread. */
    private void run(SlotRequest request) {
        guard.attach();
        try {
            handle(request);
        } finally {
            request.finish();
            guard.detach(); // an interrupt meant for this request must not hit the thread's next one
            slots.requestFinished();
        }
    }

    private void handle(SlotRequest request) {
        ResponseStream response = new ResponseStream(id, writer, request, guard);
        try {
            if (request.cancelled()) {
                response.fail(); // the client left before the app was called
                return;
            }
            Body body = app.call(request.environ(), response);
            response.send(body); // closes the body, also when it fails
        } catch (Throwable t) {
            if (request.cancelled() && !(t instanceof VirtualMachineError)) {
                response.fail(); // the client went away; the app's failure is a consequence
                return;
            }
            slots.exceptionThrown();
            System.err.println("drover worker: " + request.vars().get("REQUEST_METHOD") + " "
                    + request.vars().get("REQUEST_URI") + " failed:");
            t.printStackTrace();
            response.fail();
            if (t instanceof VirtualMachineError) {
                // The JVM may be broken now; the master replaces this worker.
                System.err.println("drover worker: exiting after " + t);
                Runtime.getRuntime().halt(ExitCodes.WORKER_BROKEN);
            }
        } finally {
            request.body().close();
        }
    }
}
