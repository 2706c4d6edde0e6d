package org.drover.master.cheaper;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Cheaper;

/**
 * Drover's algorithm, its default, for workers that take a second or more to boot: it grows
 * before the last slot is taken and shrinks only what the load has not needed for a while.
 *
 * <ul>
 *   <li>Grows by {@code cheaper-step} when, at any moment of the last second, the requests held
 *       (on a slot or queued) reached {@code cheaper-busy-slots} percent (75) of the slots of the
 *       workers that run or boot. Booting workers count, so a burst spawns what it needs, a step a
 *       second, and not a worker a second for as long as the first one boots.
 *   <li>Retires a worker that has had no request for {@code cheaper-idle} seconds (10), once none
 *       boots, if the most requests held at once over those seconds would have stayed below the
 *       threshold without its slots: a load that just fits does not make it spawn and retire in turn.
 * </ul>
 *
 * The dispatcher packs requests onto the workers ready longest, so a worker the load does not need
 * goes idle.
 */
final class Headroom implements CheaperAlgorithm {

    private final Cheaper config;
    /** The peak of each of the last {@code cheaper-idle} checks. */
    private final ArrayDeque<Integer> peaks = new ArrayDeque<>();

    Headroom(Cheaper config) {
        this.config = config;
    }

    @Override
    public Decision decide(Load load) {
        peaks.addLast(load.demandPeak());
        while (peaks.size() > config.idleSeconds()) {
            peaks.removeFirst();
        }
        int slots = load.workers() * load.threads();
        int peak = load.demandPeak();
        if (peak * 100L >= (long) config.busySlotsPercent() * slots) {
            String busy = peak <= slots
                    ? "busy " + peak + "/" + slots + " slots"
                    : "busy " + slots + "/" + slots + " slots and " + (peak - slots) + " queued";
            return Decision.spawn(
                    config.step(),
                    busy + " in the last second (cheaper-busy-slots " + config.busySlotsPercent() + "%)",
                    "busy-slots");
        }
        long idleSeconds = TimeUnit.NANOSECONDS.toSeconds(load.idlestNanos());
        if (idleSeconds >= config.idleSeconds() && load.booting() == 0 && load.workers() > config.min()) {
            int windowPeak = peaks.stream().mapToInt(Integer::intValue).max().orElse(0);
            long without = (long) (load.workers() - 1) * load.threads();
            if (windowPeak * 100L < config.busySlotsPercent() * without) {
                return Decision.retire(
                        "at most " + windowPeak + " requests at once in " + peaks.size() + " s fit in "
                                + (load.workers() - 1) + " workers",
                        "idle");
            }
        }
        return Decision.none();
    }
}
