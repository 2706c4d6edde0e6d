package org.drover.master.cheaper;

import org.drover.master.config.Cheaper;

/**
 * uWSGI's {@code spare}, its default: grows by {@code cheaper-step} once every worker has been
 * busy for {@code cheaper-overload} checks in a row; with a worker free again, counts idle checks
 * and retires one every {@code cheaper-overload} of them, unless exactly one worker is free (the
 * spare it keeps). A worker is busy while one of its slots has a request.
 */
final class Spare implements CheaperAlgorithm {

    private final Cheaper config;
    private long overloaded;
    private long idle;

    Spare(Cheaper config) {
        this.config = config;
    }

    @Override
    public Decision decide(Load load) {
        if (load.idleWorkers() > 0) {
            if (overloaded > 0) {
                overloaded--;
            }
        } else {
            overloaded++;
            idle = 0;
        }
        if (overloaded >= config.overload()) {
            overloaded = 0;
            return Decision.spawn(
                    config.step(), "every worker busy for " + config.overload() + " s (cheaper-overload)", "overload");
        }
        if (overloaded == 0) {
            if (load.idleWorkers() == 1 && load.busyWorkers() > 0) {
                return Decision.none(); // stable: one spare worker
            }
            idle++;
            if (load.workers() > config.min() && idle % config.overload() == 0) {
                return Decision.retire(load.idleWorkers() + " workers idle for " + idle + " s", "idle");
            }
        }
        return Decision.none();
    }
}
