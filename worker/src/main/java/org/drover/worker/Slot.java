package org.drover.worker;

import java.util.concurrent.LinkedBlockingQueue;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.wire.ExitCodes;
import org.drover.wire.FrameWriter;
import org.drover.wire.RequestHead;
import org.drover.worker.app.LoadedApp;

/**
 * One request thread and its slot id: takes the requests the master sends to the slot, calls
 * the app, and writes the response frames. The master sends a slot's next request only after
 * this thread has sent the previous request's END.
 */
final class Slot implements Runnable {

    private final int id;
    private final Application app;
    private final ClassLoader appLoader;
    private final FrameWriter writer;
    private final Slots slots;
    private final LinkedBlockingQueue<SlotRequest> queue = new LinkedBlockingQueue<>();
    private final WriteGuard guard = new WriteGuard();
    private Thread thread;
    /** The newest request; read and written by the data reader thread only. */
    private SlotRequest current = SlotRequest.NONE;

    Slot(int id, LoadedApp app, FrameWriter writer, Slots slots) {
        this.id = id;
        this.app = app.application();
        this.appLoader = app.loader();
        this.writer = writer;
        this.slots = slots;
    }

    void start() {
        thread = new Thread(this, "drover-request-" + id);
        thread.setContextClassLoader(appLoader);
        guard.attach(thread);
        thread.start();
    }

    /** The request thread, for stack dumps. */
    Thread thread() {
        return thread;
    }

    /**
     * Harakiri: interrupts the request thread if the slot's current request is still running,
     * never in the middle of a write. Called by the reader thread, in order with the slot's
     * REQUEST frames, so it cannot reach the slot's next request.
     */
    void interrupt() {
        if (!current.finished()) {
            guard.interrupt();
        }
    }

    /** Called by the reader thread when a REQUEST frame arrives. */
    void begin(RequestHead head) {
        current = new SlotRequest(id, head, writer, guard);
        slots.requestStarted(); // counted from here, so a STOP cannot overtake a request in the queue
        queue.add(current);
    }

    /** The slot's newest request; frames that arrive after it finished are dropped by it. */
    SlotRequest current() {
        return current;
    }

    @Override
    public void run() {
        while (true) {
            SlotRequest request;
            try {
                request = queue.take();
            } catch (InterruptedException e) {
                // An interrupt meant for a request that has already returned: ignore it.
                continue;
            }
            try {
                handle(request);
            } finally {
                request.finish();
                guard.clear(); // an interrupt meant for this request must not hit the next one
                slots.requestFinished();
            }
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
