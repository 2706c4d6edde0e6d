package org.drover.master.cheaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Cheaper;
import org.junit.jupiter.api.Test;

/** The algorithms, one check a second, on loads made up for each case. */
class CheaperAlgorithmTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final List<String> log = new ArrayList<>();

    private static Cheaper config(Cheaper.Algorithm algorithm, int min, int step) {
        return new Cheaper(
                min, min, step, algorithm, 3, 10, 75, new Cheaper.Busyness(50, 25, 10, 2, 33, 3, 1, 60, false));
    }

    private CheaperAlgorithm algorithm(Cheaper.Algorithm algorithm, int min, int step) {
        return CheaperAlgorithm.of(config(algorithm, min, step), 4, log::add);
    }

    /** A load at second {@code t}: workers running and booting, of two slots each. */
    private static Load load(
            long t, int running, int booting, int busyWorkers, int peak, int queued, long idleSeconds) {
        return new Load(t * SECOND, running, booting, busyWorkers, 2, peak, queued, 0, 0, idleSeconds * SECOND, true);
    }

    @Test
    void headroomGrowsBeforeTheLastSlotIsTaken() {
        CheaperAlgorithm headroom = algorithm(Cheaper.Algorithm.HEADROOM, 1, 1);
        assertEquals(Decision.none(), headroom.decide(load(1, 1, 0, 1, 1, 0, 0)), "1 of 2 slots is 50%");
        Decision grow = headroom.decide(load(2, 1, 0, 1, 2, 0, 0));
        assertEquals(1, grow.workers(), "2 of 2 slots");
        assertEquals("busy 2/2 slots in the last second (cheaper-busy-slots 75%)", grow.reason());
        assertEquals("busy-slots", grow.label());
        Decision queued = headroom.decide(load(3, 1, 0, 1, 8, 6, 0));
        assertEquals("busy 2/2 slots and 6 queued in the last second (cheaper-busy-slots 75%)", queued.reason());
    }

    @Test
    void headroomCountsBootingWorkersAsCapacity() {
        CheaperAlgorithm headroom = algorithm(Cheaper.Algorithm.HEADROOM, 1, 1);
        assertEquals(Decision.none(), headroom.decide(load(1, 1, 1, 1, 2, 0, 0)), "2 of 4 slots, one worker booting");
        assertTrue(headroom.decide(load(2, 1, 1, 1, 3, 1, 0)).spawns(), "3 of 4 slots");
    }

    @Test
    void headroomRetiresAWorkerIdleForCheaperIdleOnlyIfTheLoadFitsWithoutIt() {
        CheaperAlgorithm headroom = algorithm(Cheaper.Algorithm.HEADROOM, 1, 1);
        for (int t = 1; t <= 9; t++) {
            assertEquals(Decision.none(), headroom.decide(load(t, 2, 0, 1, 1, 0, t)), "idle " + t + " s");
        }
        Decision retire = headroom.decide(load(10, 2, 0, 1, 1, 0, 10));
        assertTrue(retire.retires());
        assertEquals("at most 1 requests at once in 10 s fit in 1 workers", retire.reason());

        CheaperAlgorithm fits = algorithm(Cheaper.Algorithm.HEADROOM, 1, 1);
        fits.decide(load(2, 3, 0, 2, 4, 0, 2)); // four requests at once: in the window of the next ten checks
        for (int t = 3; t <= 10; t++) {
            fits.decide(load(t, 3, 0, 2, 2, 0, t));
        }
        assertFalse(fits.decide(load(11, 3, 0, 2, 2, 0, 11)).retires(), "4 requests would be 100% of 2 workers");
        assertTrue(fits.decide(load(12, 3, 0, 2, 2, 0, 12)).retires(), "the peak of 4 left the window");
        assertFalse(
                algorithm(Cheaper.Algorithm.HEADROOM, 2, 1)
                        .decide(load(20, 2, 0, 0, 0, 0, 20))
                        .retires(),
                "never below cheaper");
        assertFalse(
                algorithm(Cheaper.Algorithm.HEADROOM, 1, 1)
                        .decide(load(20, 2, 1, 0, 0, 0, 20))
                        .retires(),
                "not while a worker boots");
    }

    @Test
    void spareGrowsAfterOverloadCyclesOfEveryWorkerBusyAndShrinksEveryOverloadIdleCycles() {
        CheaperAlgorithm spare = algorithm(Cheaper.Algorithm.SPARE, 1, 2);
        assertEquals(Decision.none(), spare.decide(load(1, 2, 0, 2, 4, 0, 0)));
        assertEquals(Decision.none(), spare.decide(load(2, 2, 0, 2, 4, 0, 0)));
        Decision grow = spare.decide(load(3, 2, 0, 2, 4, 0, 0));
        assertEquals(2, grow.workers(), "cheaper-step");
        assertEquals("every worker busy for 3 s (cheaper-overload)", grow.reason());
        assertEquals(Decision.none(), spare.decide(load(4, 4, 0, 3, 6, 0, 1)), "one spare: stable");
        assertEquals(Decision.none(), spare.decide(load(5, 4, 0, 0, 0, 0, 2)));
        assertEquals(Decision.none(), spare.decide(load(6, 4, 0, 0, 0, 0, 3)));
        assertTrue(spare.decide(load(7, 4, 0, 0, 0, 0, 4)).retires(), "the third idle cycle");
    }

    @Test
    void spare2KeepsCheaperWorkersIdle() {
        CheaperAlgorithm spare2 = algorithm(Cheaper.Algorithm.SPARE2, 2, 1);
        Decision grow = spare2.decide(load(1, 2, 0, 2, 4, 0, 0));
        assertEquals(1, grow.workers(), "0 idle, 2 wanted, one step");
        assertEquals("0 idle workers, fewer than cheaper 2", grow.reason());
        assertEquals(Decision.none(), spare2.decide(load(2, 3, 1, 2, 4, 0, 0)), "the booting one is a spare");
        for (int t = 3; t < 12; t++) {
            assertEquals(Decision.none(), spare2.decide(load(t, 4, 0, 1, 2, 0, 0)), "3 idle, check " + t);
        }
        assertTrue(spare2.decide(load(12, 4, 0, 1, 2, 0, 0)).retires(), "the tenth check with more than 2 idle");
    }

    @Test
    void backlogFollowsTheQueue() {
        CheaperAlgorithm backlog = algorithm(Cheaper.Algorithm.BACKLOG, 1, 1);
        assertEquals(
                "4 requests queued, more than cheaper-overload 3",
                backlog.decide(load(1, 2, 0, 2, 8, 4, 0)).reason());
        assertEquals(Decision.none(), backlog.decide(load(2, 2, 0, 2, 7, 3, 0)));
        assertTrue(backlog.decide(load(3, 2, 0, 2, 4, 0, 0)).retires());
        assertFalse(backlog.decide(load(4, 1, 0, 1, 2, 0, 0)).retires(), "at cheaper");
    }

    @Test
    void busynessMeasuresOverCheaperOverloadSecondsAndWaitsTheMultiplierBeforeRetiring() {
        CheaperAlgorithm busyness = algorithm(Cheaper.Algorithm.BUSYNESS, 1, 1);
        // 3 s windows; 2 workers of 2 slots: 4 slot-seconds a second.
        assertEquals(Decision.none(), busyness.decide(busy(0, 2, 0.8)));
        assertEquals(Decision.none(), busyness.decide(busy(1, 2, 0.8)));
        assertEquals(Decision.none(), busyness.decide(busy(2, 2, 0.8)));
        Decision grow = busyness.decide(busy(3, 2, 0.8));
        assertEquals("3 s average busyness 80%, above cheaper-busyness-max 50%", grow.reason());
        // Idle from now: a retirement once 3 s x multiplier 10 have passed since the spawn.
        long retiredAt = -1;
        for (int t = 4; t <= 40 && retiredAt < 0; t++) {
            if (busyness.decide(busy(t, 3, 0.1)).retires()) {
                retiredAt = t;
            }
        }
        assertEquals(33, retiredAt, "30 s after the spawn, at the first measure past it");
        CheaperAlgorithm refused = algorithm(Cheaper.Algorithm.BUSYNESS, 1, 1);
        for (int t = 0; t <= 40; t++) {
            Load idle = busy(t, 3, 0.1);
            Load held = new Load(idle.nanos(), 3, 0, 3, 2, 2, 0, idle.busySlotNanos(), idle.slotNanos(), 0, false);
            assertFalse(refused.decide(held).retires(), "no retirement the caller could not carry out, t=" + t);
        }
        assertTrue(
                log.get(0).startsWith("cheaper busyness: min 25%, max 50%, overload 3 s, multiplier 10"),
                log.toString());
    }

    @Test
    void busynessSpawnsEmergencyWorkersForALongQueue() {
        CheaperAlgorithm busyness = algorithm(Cheaper.Algorithm.BUSYNESS, 1, 1);
        busyness.decide(busy(0, 2, 0.3));
        Decision emergency = busyness.decide(new Load(SECOND, 2, 0, 2, 2, 40, 36, 4 * SECOND, 4 * SECOND, 0, true));
        assertEquals(1, emergency.workers());
        assertEquals("backlog", emergency.label());
    }

    private static Load busy(long t, int running, double share) {
        long slotNanos = running * 2L * SECOND;
        return new Load(t * SECOND, running, 0, running, 2, 2, 0, (long) (slotNanos * share), slotNanos, 0, true);
    }
}
