package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drover.wire.WorkerStats;
import org.junit.jupiter.api.Test;

/** The heap-aware limit: what survives a full GC, against the max heap. */
class RecyclerTest {

    /** A heap that is {@code afterGc} MB after the last full GC, and something else now. */
    private static WorkerStats afterGc(long afterGc, long max) {
        return new WorkerStats(max - afterGc, max, max, afterGc, 3, 10, 20, 100, 0);
    }

    @Test
    void aHeapStillFullAfterAFullGcIsDue() {
        assertTrue(Recycler.heapFull(afterGc(58, 64), 90));
        assertTrue(Recycler.heapFull(afterGc(60, 64), 90));
    }

    @Test
    void aHeapThatEmptiesIsNot() {
        assertFalse(Recycler.heapFull(afterGc(20, 64), 90));
        assertFalse(
                Recycler.heapFull(new WorkerStats(63, 64, 64, 5, 3, 10, 20, 100, 0), 90),
                "full now, between collections, but nearly empty after the last full GC");
    }

    @Test
    void beforeTheFirstFullGcOrWithoutALimitNothingIsDue() {
        assertFalse(Recycler.heapFull(afterGc(-1, 64), 90), "no full GC yet");
        assertFalse(Recycler.heapFull(afterGc(60, -1), 90), "no max heap");
        assertFalse(Recycler.heapFull(afterGc(60, 64), 0), "off");
        assertFalse(Recycler.heapFull(null, 90), "no ping yet");
    }
}
