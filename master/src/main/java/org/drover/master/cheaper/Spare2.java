package org.drover.master.cheaper;

import org.drover.master.config.Cheaper;

/**
 * uWSGI 2.1's {@code spare2}: keeps {@code cheaper} workers idle. Fewer idle than that, it grows
 * by what is missing, at most {@code cheaper-step}; more, for {@code cheaper-idle} checks in a
 * row, it retires one. A booting worker is idle, so it is a spare already.
 */
final class Spare2 implements CheaperAlgorithm {

    private final Cheaper config;
    private int idleChecks;

    Spare2(Cheaper config) {
        this.config = config;
    }

    @Override
    public Decision decide(Load load) {
        int idle = load.idleWorkers();
        if (idle < config.min()) {
            idleChecks = 0;
            return Decision.spawn(
                    Math.min(config.min() - idle, config.step()),
                    idle + " idle workers, fewer than cheaper " + config.min(),
                    "spare");
        }
        if (idle == config.min()) {
            idleChecks = 0;
            return Decision.none();
        }
        idleChecks++;
        if (idleChecks < config.idleSeconds()) {
            return Decision.none();
        }
        idleChecks = 0;
        return Decision.retire(
                idle + " idle workers, more than cheaper " + config.min() + " for " + config.idleSeconds() + " s",
                "idle");
    }
}
