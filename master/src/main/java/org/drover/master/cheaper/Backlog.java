package org.drover.master.cheaper;

import org.drover.master.config.Cheaper;

/**
 * uWSGI's {@code backlog}: grows by {@code cheaper-step} while more than {@code cheaper-overload}
 * requests wait in the master's queue, and retires a worker each check while fewer do.
 */
final class Backlog implements CheaperAlgorithm {

    private final Cheaper config;

    Backlog(Cheaper config) {
        this.config = config;
    }

    @Override
    public Decision decide(Load load) {
        if (load.queued() > config.overload()) {
            return Decision.spawn(
                    config.step(),
                    load.queued() + " requests queued, more than cheaper-overload " + config.overload(),
                    "backlog");
        }
        if (load.queued() < config.overload() && load.workers() > config.min()) {
            return Decision.retire(
                    load.queued() + " requests queued, fewer than cheaper-overload " + config.overload(), "backlog");
        }
        return Decision.none();
    }
}
