package org.drover.master.supervise;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.log.Console;

/**
 * The replacements waiting and the one running: recycling and reloads replace workers one at a
 * time, each new worker ready before the old one drains. The supervisor's thread alone uses it.
 */
final class Replacements {

    /** How long a worker whose replacement failed keeps serving before it is tried again. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ArrayDeque<Replacement> pending = new ArrayDeque<>();
    private final Map<Integer, Long> retryAt = new HashMap<>();
    private final WorkerTable table;
    private final Respawns respawns;
    private final Console console;
    private Replacement active;

    Replacements(WorkerTable table, Respawns respawns, Console console) {
        this.table = table;
        this.respawns = respawns;
        this.console = console;
    }

    /** Queues a recycle of this index, unless one is queued or running, or the last one failed lately. */
    boolean recycle(int index) {
        long now = System.nanoTime();
        if (queued(index) || now - retryAt.getOrDefault(index, now) < 0) {
            return false;
        }
        pending.add(new Replacement(index, false));
        return true;
    }

    /** Queues the replacement of this index onto the new apps, instead of what was queued for it. */
    void reload(int index) {
        pending.removeIf(r -> r.index == index);
        pending.add(new Replacement(index, true));
    }

    /** Queues a replacement for this index (after an aborted reload), unless one is queued. */
    void restore(int index) {
        if (!queued(index)) {
            pending.add(new Replacement(index, false));
        }
    }

    boolean queued(int index) {
        return running(index) || pending.stream().anyMatch(r -> r.index == index);
    }

    /** Whether a replacement of this index is running. */
    boolean running(int index) {
        return active != null && active.index == index;
    }

    /** Whether this worker is the new one of the running replacement. */
    boolean isFresh(WorkerHandle worker) {
        return active != null && active.fresh == worker;
    }

    /** Whether a replacement onto new apps waits or runs. */
    boolean reloadPending() {
        return active != null && active.reload || pending.stream().anyMatch(r -> r.reload);
    }

    /**
     * Forgets the reload's replacements (an aborted reload): those that wait, and the one that
     * runs, whose new worker, on the aborted apps, is killed; the old one keeps serving.
     */
    void dropReloads() {
        pending.removeIf(r -> r.reload);
        if (active != null && active.reload) {
            active.fresh.kill();
            active = null;
        }
    }

    /**
     * Starts the next replacement when none runs: spawns the new worker for its index.
     *
     * @param apps the apps a reload replaces workers onto
     * @param spawn starts a worker for an index, or returns null if it cannot
     * @return why the reload has to be aborted, or null
     */
    String advance(AppSnapshot apps, IntFunction<WorkerHandle> spawn) {
        while (active == null && !pending.isEmpty()) {
            Replacement next = pending.poll();
            WorkerHandle old = table.current(next.index);
            if (old == null || next.reload && old.apps() == apps) {
                continue; // it is respawning, or was spawned with the current jars already
            }
            if (old.state() != WorkerState.READY) {
                if (next.reload) {
                    // still booting, on the old jars: it serves nothing yet, so start over with the new
                    old.retire(0);
                    table.removeCurrent(next.index);
                    respawns.after(next.index, 0);
                }
                continue; // a recycle of a worker being replaced already
            }
            next.old = old;
            next.fresh = spawn.apply(next.index);
            if (next.fresh != null) {
                active = next;
            } else if (next.reload) {
                return "cannot start a new worker " + next.index;
            }
        }
        return null;
    }

    /**
     * The running replacement's new worker is ready: it takes the index, and the old one drains
     * (within {@code mercyNanos}); if SIGTTOU took the index away meanwhile, the new one retires.
     */
    void finish(WorkerHandle fresh, Set<Integer> indexes, long mercyNanos) {
        Replacement done = active;
        active = null;
        if (!indexes.contains(done.index)) {
            fresh.retire(mercyNanos);
            return;
        }
        table.makeCurrent(fresh);
        if (done.old != null && table.isLive(done.old)) {
            console.log("drover: " + done.old + " replaced by pid " + fresh.pid() + "; the old one drains");
            done.old.retire(mercyNanos);
        }
    }

    /**
     * The running replacement's new worker failed: it is killed, and the old one keeps serving;
     * after a failed recycle, the index is not recycled again for a while.
     *
     * @return why the reload must be aborted, if it was one of its replacements, else null
     */
    String fail(String reason) {
        Replacement failed = active;
        active = null;
        failed.fresh.kill();
        if (failed.reload) {
            return "the new worker " + failed.index + " cannot load the app: " + reason;
        }
        retryAt.put(failed.index, System.nanoTime() + RETRY_NANOS);
        console.log("drover: cannot replace worker " + failed.index + ": " + reason
                + "; it keeps serving, and the next try is in " + TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS)
                + " s at the earliest");
        return null;
    }

    /** The running replacement's new worker exited by a stop before it was ready. */
    void stopped() {
        active = null;
    }

    /** Drops whatever waits or runs for this index (SIGTTOU took it away); a new worker is killed. */
    void cancel(int index) {
        pending.removeIf(r -> r.index == index);
        if (running(index)) {
            active.fresh.kill();
            active = null;
        }
    }
}
