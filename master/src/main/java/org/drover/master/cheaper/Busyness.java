package org.drover.master.cheaper;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.drover.master.config.Cheaper;

/**
 * uWSGI's {@code busyness} (Łukasz Mierzwa's plugin), with its options and defaults. Every
 * {@code cheaper-overload} seconds it measures the busyness: the share of the ready workers' slot
 * time spent on requests (in uWSGI, of each worker's time, averaged; a worker of one slot is the
 * same). Above {@code cheaper-busyness-max} it grows by {@code cheaper-step}; below
 * {@code cheaper-busyness-min} for {@code cheaper-overload} x the multiplier seconds it retires a
 * worker; a worker spawned again soon after one was retired raises the multiplier by the
 * penalty. More than {@code cheaper-busyness-backlog-alert} queued requests, or a queue not empty
 * for {@code cheaper-busyness-backlog-nonzero} seconds, spawns emergency workers at once, which
 * retire on the backlog multiplier.
 */
final class Busyness implements CheaperAlgorithm {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Cheaper config;
    private final Cheaper.Busyness options;
    private final int processes;
    private final Consumer<String> log;
    private final long window;
    private long busySlotNanos;
    private long slotNanos;
    private Long windowStart;
    private long nextRetire;
    private long lastRetired = Long.MIN_VALUE / 2;
    private int multiplier;
    private boolean lastWasRetire;
    private int tolerance;
    private int emergency;
    private Long queuedSince;

    Busyness(Cheaper config, int processes, Consumer<String> log) {
        this.config = config;
        this.options = config.busyness();
        this.processes = processes;
        this.log = log;
        this.window = config.overload() * SECOND;
        this.multiplier = options.multiplier();
    }

    @Override
    public Decision decide(Load load) {
        long now = load.nanos();
        if (windowStart == null) {
            windowStart = now;
            nextRetire = now + window * multiplier;
            log.accept("cheaper busyness: min " + options.min() + "%, max " + options.max() + "%, overload "
                    + config.overload() + " s, multiplier " + multiplier + ", penalty " + options.penalty()
                    + ", backlog alert " + options.backlogAlert() + ", backlog non-zero "
                    + options.backlogNonzeroSeconds() + " s");
        }
        busySlotNanos += load.busySlotNanos();
        slotNanos += load.slotNanos();
        if (now - windowStart >= window) {
            long busyness = slotNanos == 0 ? 0 : Math.min(100, busySlotNanos * 100 / slotNanos);
            windowStart = now;
            busySlotNanos = 0;
            slotNanos = 0;
            return measured(load, now, busyness);
        }
        return backlog(load, now);
    }

    private Decision measured(Load load, long now, long busyness) {
        if (options.verbose()) {
            log.accept("cheaper busyness: " + config.overload() + " s average busyness of " + load.running()
                    + " workers is " + busyness + "%");
        }
        String measure = config.overload() + " s average busyness " + busyness + "%";
        if (busyness > options.max()) {
            tolerance = 0;
            if (load.workers() >= processes) {
                return Decision.none();
            }
            lastWasRetire = false;
            if ((now - lastRetired) / window <= multiplier) {
                multiplier += options.penalty();
                log.accept("cheaper busyness: workers spawned again too soon after a retirement; multiplier now "
                        + multiplier + " (+" + options.penalty() + ")");
            } else {
                lowerMultiplier();
            }
            setNextRetire(now);
            return Decision.spawn(
                    config.step(), measure + ", above cheaper-busyness-max " + options.max() + "%", "busyness");
        }
        if (load.queued() > options.backlogAlert() && load.workers() < processes) {
            return emergency(load, now);
        }
        if (busyness < options.min()) {
            if (load.workers() == 1) {
                return Decision.none();
            }
            tolerance = 0;
            if (load.workers() > config.min() && now >= nextRetire && load.canRetire()) {
                if (lastWasRetire) {
                    lowerMultiplier();
                }
                setNextRetire(now);
                lastRetired = now;
                lastWasRetire = true;
                if (emergency > 0) {
                    emergency--;
                }
                return Decision.retire(measure + ", below cheaper-busyness-min " + options.min() + "%", "busyness");
            }
            return Decision.none();
        }
        if (load.workers() == 1) {
            return Decision.none();
        }
        if (emergency > 0) {
            emergency--;
        }
        tolerance++;
        if (tolerance >= 3) {
            setNextRetire(now); // three busy enough windows in a row: the idle time counts from zero
        } else {
            nextRetire += window; // this window was not idle
        }
        return Decision.none();
    }

    /** Between two measures: a queue too long, or not empty for too long, spawns emergency workers. */
    private Decision backlog(Load load, long now) {
        if (load.queued() > options.backlogAlert() && load.workers() < processes) {
            return emergency(load, now);
        }
        if (load.queued() == 0) {
            queuedSince = null;
            return Decision.none();
        }
        if (queuedSince == null) {
            queuedSince = now;
        } else if (now - queuedSince >= options.backlogNonzeroSeconds() * SECOND && load.workers() < processes) {
            queuedSince = now;
            return emergency(load, now);
        }
        return Decision.none();
    }

    private Decision emergency(Load load, long now) {
        multiplier = options.multiplier();
        lastWasRetire = false;
        emergency += options.backlogStep();
        setNextRetire(now);
        return Decision.spawn(
                options.backlogStep(),
                load.queued() + " requests queued (cheaper-busyness-backlog-alert " + options.backlogAlert()
                        + ", non-zero " + options.backlogNonzeroSeconds() + " s): emergency",
                "backlog");
    }

    private void setNextRetire(long now) {
        nextRetire = now + window * (emergency > 0 ? options.backlogMultiplier() : multiplier);
    }

    private void lowerMultiplier() {
        if (multiplier > options.multiplier()) {
            multiplier--;
            log.accept("cheaper busyness: multiplier lowered to " + multiplier);
        }
    }
}
