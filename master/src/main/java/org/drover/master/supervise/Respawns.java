package org.drover.master.supervise;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.drover.master.log.Console;

/**
 * When each index may get a new worker: at once after a worker that ran for a while, later and
 * later after quick deaths in a row (200 ms, 400 ms, ... up to 10 s), so a worker that crashes at
 * start does not spin the machine.
 */
final class Respawns {

    /** A worker that lived less than this died quickly. */
    static final long STABLE_LIFETIME = TimeUnit.SECONDS.toNanos(10);

    private static final long MAX_DELAY_MILLIS = 10_000;

    private final Map<Integer, Integer> quickDeaths = new HashMap<>();
    private final Map<Integer, Long> respawnAt = new HashMap<>();
    private final Console console;

    Respawns(Console console) {
        this.console = console;
    }

    /**
     * A worker of this index died after {@code ageNanos}: its next worker may come at once
     * after a stable run, later after quick deaths in a row. Returns the delay in milliseconds.
     */
    long died(int index, long ageNanos) {
        int quick = ageNanos < STABLE_LIFETIME ? quickDeaths.getOrDefault(index, 0) + 1 : 0;
        quickDeaths.put(index, quick);
        long delay = quick == 0 ? 0 : Math.min(MAX_DELAY_MILLIS, 100L << Math.min(quick, 7));
        after(index, TimeUnit.MILLISECONDS.toNanos(delay));
        if (delay > 0) {
            console.log("drover: respawning worker " + index + " in " + delay + " ms (" + quick
                    + " quick deaths in a row)");
        }
        return delay;
    }

    /** The index may get a new worker after this long. */
    void after(int index, long nanos) {
        respawnAt.put(index, System.nanoTime() + nanos);
    }

    /**
     * Whether a worker spawned for this index now is a respawn (the index lost its worker and
     * was scheduled for a new one) rather than its first; the schedule is used up.
     */
    boolean respawning(int index) {
        return respawnAt.remove(index) != null;
    }

    /** The index is taken away (SIGTTOU, cheaper mode): no respawn waits for it. */
    void forget(int index) {
        respawnAt.remove(index);
        quickDeaths.remove(index);
    }

    /** Whether the index may get a new worker now. */
    boolean due(int index, long now) {
        return now - respawnAt.getOrDefault(index, now) >= 0;
    }
}
