package org.drover.master;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.drover.wire.WorkerStats;
import org.junit.jupiter.api.Test;

/** The heap-aware limit: what survives a full GC, against the max heap. */
class RecyclerTest {

    private static WorkerStats afterGc(long used, long max) {
        return new WorkerStats(used, max, max, used, 3, 10, 20, 100, 0);
    }

    @Test
    void aHeapStillFullAfterAFullGcIsDue() {
        assertTrue(Recycler.heapFull(afterGc(58, 64), 90));
        assertTrue(Recycler.heapFull(afterGc(60, 64), 90));
    }

    @Test
    void aHeapThatEmptiesIsNot() {
        assertFalse(Recycler.heapFull(afterGc(20, 64), 90));
    }

    @Test
    void beforeTheFirstFullGcOrWithoutALimitNothingIsDue() {
        assertFalse(Recycler.heapFull(afterGc(-1, 64), 90), "no full GC yet");
        assertFalse(Recycler.heapFull(afterGc(60, -1), 90), "no max heap");
        assertFalse(Recycler.heapFull(afterGc(60, 64), 0), "off");
        assertFalse(Recycler.heapFull(null, 90), "no ping yet");
    }
}
