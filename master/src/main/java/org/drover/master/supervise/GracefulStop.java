package org.drover.master.supervise;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Exchange;
import org.drover.master.dispatch.PlainAnswer;
import org.drover.master.log.Console;

/**
 * A graceful stop, from the first SIGTERM to the last worker's exit: with a {@code drain-delay},
 * the server first goes on serving that long while its readiness probe says it is stopping, so
 * that load balancers take it out of rotation; then new requests are refused; the requests in
 * flight (queued ones too) get up to {@code graceful-timeout} to finish; then every worker gets
 * STOP, and a worker still alive {@link #MERCY_NANOS} later is killed.
 */
final class GracefulStop {

    /** How long a worker may take to exit once told to stop. */
    static final long MERCY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Lifecycle lifecycle;
    private final Console console;
    private final Listeners listeners;
    private final Dispatcher dispatcher;
    private final Reloads reloads;
    private boolean stopping;
    /** Serving on until {@link #drainUntil}, before the stop proper begins. */
    private boolean draining;

    private long drainUntil;
    private String reason;
    private long deadline;
    private boolean stopsSent;
    private long stopsSentAt;

    GracefulStop(Lifecycle lifecycle, Console console, Listeners listeners, Dispatcher dispatcher, Reloads reloads) {
        this.lifecycle = lifecycle;
        this.console = console;
        this.listeners = listeners;
        this.dispatcher = dispatcher;
        this.reloads = reloads;
    }

    boolean stopping() {
        return stopping;
    }

    /** Whether the stop waits out the drain delay, serving meanwhile. */
    boolean draining() {
        return draining;
    }

    /** Whether the workers have been told to stop: the requests in flight are over, or out of time. */
    boolean stopsSent() {
        return stopsSent;
    }

    /**
     * Begins the stop: a reload under way is cut short, and new requests are refused from now
     * on, or once the drain delay is over. Returns false if the stop had begun already.
     */
    boolean begin(String reason) {
        if (stopping) {
            return false;
        }
        stopping = true;
        this.reason = reason;
        reloads.answer(Reply.error("the server is stopping; the reload was cut short"));
        if (lifecycle.drainDelay() > 0) {
            draining = true;
            drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(lifecycle.drainDelay());
            console.log("drover: " + reason + ": draining for " + lifecycle.drainDelay()
                    + " s (readyz answers 503, requests are still served), then a graceful stop"
                    + " (send it again to stop at once)");
        } else {
            refuseNewRequests();
        }
        return true;
    }

    private void refuseNewRequests() {
        draining = false;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(lifecycle.gracefulTimeout());
        console.log("drover: " + reason + ": graceful stop; finishing " + listeners.inFlight() + " requests, "
                + dispatcher.queued() + " of them queued (send it again to stop at once)");
        listeners.stopAccepting();
    }

    /** Takes the stop one step on; returns true once every worker has exited. */
    boolean check(List<WorkerHandle> live) {
        if (!stopping) {
            return false;
        }
        long now = System.nanoTime();
        if (draining) {
            if (now - drainUntil < 0) {
                return false;
            }
            refuseNewRequests();
        }
        if (!stopsSent && (listeners.inFlight() == 0 || now - deadline > 0)) {
            if (listeners.inFlight() > 0) {
                console.log("drover: graceful timeout; " + listeners.inFlight() + " requests cut off");
            }
            for (Exchange waiting : dispatcher.drainQueue()) {
                waiting.answer(PlainAnswer.of(503, "the server stopped before a worker was free"));
            }
            for (WorkerHandle worker : live) {
                worker.retire(MERCY_NANOS);
            }
            stopsSent = true;
            stopsSentAt = now;
        }
        if (stopsSent) {
            for (WorkerHandle worker : live) {
                if (now - stopsSentAt > MERCY_NANOS && !worker.killed()) {
                    console.log("drover: " + worker + " did not stop within "
                            + TimeUnit.NANOSECONDS.toSeconds(MERCY_NANOS) + " s; killing it");
                    worker.kill();
                }
            }
        }
        return stopsSent && live.isEmpty();
    }
}
