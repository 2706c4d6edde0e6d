package org.drover.master.cheaper;

import java.util.function.Consumer;
import org.drover.master.config.Cheaper;

/**
 * One of cheaper mode's algorithms, asked once a second. It says what it wants; the caller keeps
 * the count within {@code cheaper}..{@code processes}, retires one worker at a time, and never
 * the only one ready. Each instance keeps the state of its counters between checks.
 */
public interface CheaperAlgorithm {

    Decision decide(Load load);

    /**
     * The algorithm {@code cheaper-algo} names.
     *
     * @param log where an algorithm's own lines go (busyness's multiplier, its verbose lines)
     */
    static CheaperAlgorithm of(Cheaper config, int processes, Consumer<String> log) {
        return switch (config.algorithm()) {
            case HEADROOM -> new Headroom(config);
            case SPARE -> new Spare(config);
            case SPARE2 -> new Spare2(config);
            case BACKLOG -> new Backlog(config);
            case BUSYNESS -> new Busyness(config, processes, log);
            case MANUAL -> load -> Decision.none();
        };
    }
}
