package org.drover.master.supervise;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;
import org.drover.master.log.Console;
import org.drover.wire.WorkerStats;

/**
 * Decides when a worker is due for recycling: after {@code max-requests}, past
 * {@code reload-on-rss} (read from {@code /proc}), or with its heap still full after a full GC
 * ({@code reload-on-heap}), or once it has served if it records the class data sharing archive;
 * never before {@code min-worker-lifetime}.
 */
final class Recycler {

    private static final long MB = 1024 * 1024;

    private final Lifecycle lifecycle;
    private final Console console;
    private long recycled;

    Recycler(Lifecycle lifecycle, Console console) {
        this.lifecycle = lifecycle;
        this.console = console;
    }

    /** Queues a replacement for each of these workers that is due. */
    void recycle(Collection<WorkerHandle> workers, Replacements replacements) {
        for (WorkerHandle worker : workers) {
            String reason = reason(worker);
            if (reason != null && replacements.recycle(worker.index())) {
                console.log("drover: recycling " + worker + ": " + reason);
                recycled++;
            }
        }
    }

    /** Workers queued for recycling since the start. */
    long recycled() {
        return recycled;
    }

    /** Why this worker should be recycled now, or null. */
    String reason(WorkerHandle worker) {
        if (worker.state() != WorkerState.READY
                || worker.ageNanos() < TimeUnit.SECONDS.toNanos(lifecycle.minWorkerLifetime())) {
            return null;
        }
        if (worker.recordsArchive() && worker.counters().requests() > 0) {
            return "it has served, and its class data sharing archive is written as it exits";
        }
        long limit = lifecycle.maxRequestsOf(worker.index());
        long requests = worker.counters().requests();
        if (limit > 0 && requests >= limit) {
            return "it served " + requests + " requests (max-requests " + limit + ")";
        }
        if (lifecycle.reloadOnRss() > 0) {
            long rss = ProcFiles.residentBytes(worker.pid());
            if (rss > lifecycle.reloadOnRss() * MB) {
                return "its RSS is " + rss / MB + " MB (reload-on-rss " + lifecycle.reloadOnRss() + " MB)";
            }
        }
        WorkerStats stats = worker.stats();
        if (heapFull(stats, lifecycle.reloadOnHeap())) {
            return "its heap is " + stats.heapAfterGc() * 100 / stats.heapMax()
                    + "% full after a full GC (reload-on-heap " + lifecycle.reloadOnHeap() + "%)";
        }
        return null;
    }

    /** True if at least {@code percent} of the max heap survived the last full GC; 0 turns it off. */
    static boolean heapFull(WorkerStats stats, int percent) {
        return percent > 0
                && stats != null
                && stats.heapAfterGc() >= 0
                && stats.heapMax() > 0
                && stats.heapAfterGc() * 100 >= (long) percent * stats.heapMax();
    }
}
