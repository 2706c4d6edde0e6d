package org.drover.master.config;

import java.util.Locale;
import java.util.Objects;

/**
 * Adaptive workers, uWSGI's cheaper mode: between {@code min} and {@code processes} workers run,
 * as {@code algorithm} decides once a second.
 *
 * @param min the workers kept when idle ({@code cheaper}); 0 is off, and every other field is unused
 * @param initial the workers spawned at start
 * @param step the workers spawned at once when growing
 * @param overload spare: cycles of every worker busy before growing; backlog: queued requests
 *     above which it grows; busyness: the seconds over which busyness is measured
 * @param idleSeconds headroom and spare2: how long a worker is idle before it is retired
 * @param busySlotsPercent headroom: grow at this share of busy (or wanted) slots
 */
public record Cheaper(
        int min,
        int initial,
        int step,
        Algorithm algorithm,
        int overload,
        int idleSeconds,
        int busySlotsPercent,
        Busyness busyness) {

    public Cheaper {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(busyness, "busyness");
    }

    /** Whether cheaper mode is on: {@code cheaper} is at least 1. */
    public boolean on() {
        return min > 0;
    }

    /** The algorithms, by their {@code cheaper-algo} names. */
    public enum Algorithm {
        /** Drover's: grows before the last slot is taken, retires a worker idle for cheaper-idle. */
        HEADROOM,
        SPARE,
        SPARE2,
        BACKLOG,
        BUSYNESS,
        /** Only the operator (SIGTTIN/SIGTTOU, the FIFO, ctl) changes the count. */
        MANUAL;

        /** The name in {@code cheaper-algo}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** uWSGI's {@code cheaper-busyness-*} options; see {@link Option}. */
    public record Busyness(
            int max,
            int min,
            int multiplier,
            int penalty,
            int backlogAlert,
            int backlogMultiplier,
            int backlogStep,
            int backlogNonzeroSeconds,
            boolean verbose) {}
}
