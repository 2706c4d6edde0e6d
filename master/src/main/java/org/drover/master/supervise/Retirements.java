package org.drover.master.supervise;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Exchange;
import org.drover.master.log.Console;

/**
 * Workers on their way out, checked on each turn of the supervisor: a retiring worker gets STOP
 * once the master has no request on it any more (sooner, a request already given a slot but not
 * yet sent could reach a worker that found itself idle and exited); it is killed past
 * {@code worker-reload-mercy}, or as soon as only threads stuck after harakiri are left. A worker
 * that does not boot within {@code worker-boot-timeout} is killed too.
 */
final class Retirements {

    private final Lifecycle lifecycle;
    private final Console console;
    private final Dispatcher dispatcher;
    private final Deadlines deadlines;
    private final WorkerTable table;
    private final Respawns respawns;

    Retirements(
            Lifecycle lifecycle,
            Console console,
            Dispatcher dispatcher,
            Deadlines deadlines,
            WorkerTable table,
            Respawns respawns) {
        this.lifecycle = lifecycle;
        this.console = console;
        this.dispatcher = dispatcher;
        this.deadlines = deadlines;
        this.table = table;
        this.respawns = respawns;
    }

    /**
     * These workers have a thread that did not come back from harakiri: each takes no more
     * requests, finishes the others (within {@code mercyNanos}) and is replaced at once.
     */
    void replaceStuck(List<WorkerHandle> stuck, long mercyNanos) {
        for (WorkerHandle worker : stuck) {
            console.log("drover " + worker + ": a request thread did not return within harakiri-mercy "
                    + lifecycle.harakiriMercy() + " s; the worker takes no new requests, finishes the others and is"
                    + " replaced");
            worker.retire(mercyNanos);
            if (table.isCurrent(worker)) {
                table.removeCurrent(worker.index());
                respawns.after(worker.index(), 0);
            }
        }
    }

    /** Kills the workers that overstay, and sends STOP to the retiring ones that are done. */
    void check(List<WorkerHandle> live) {
        long bootLimit = TimeUnit.SECONDS.toNanos(lifecycle.workerBootTimeout());
        for (WorkerHandle worker : live) {
            if (worker.killed()) {
                continue;
            }
            if (worker.state() == WorkerState.SPAWNING && worker.ageNanos() > bootLimit) {
                console.log("drover " + worker + " did not boot within " + lifecycle.workerBootTimeout()
                        + " s; killing it");
                worker.bootTimedOut();
                worker.kill();
            } else if (worker.drainOverdue()) {
                console.log("drover " + worker + " did not finish its requests within worker-reload-mercy "
                        + lifecycle.workerReloadMercy() + " s; killing it");
                worker.kill();
            } else if (worker.awaitsStop()) {
                List<Exchange> running = worker.data() == null ? List.of() : dispatcher.exchangesOn(worker.data());
                if (running.isEmpty()) {
                    worker.sendStop();
                } else if (deadlines.allStuck(running)) {
                    console.log("drover " + worker + ": only threads stuck after harakiri are left; killing it");
                    worker.kill();
                }
            }
        }
    }
}
