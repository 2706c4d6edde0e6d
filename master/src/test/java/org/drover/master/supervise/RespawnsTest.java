package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.drover.master.log.Console;
import org.junit.jupiter.api.Test;

/** The respawn backoff: at once after a stable run, doubling after quick deaths in a row, at most 10 s. */
class RespawnsTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Respawns respawns = new Respawns(new Console(new PrintStream(log, true, StandardCharsets.UTF_8)));

    @Test
    void aWorkerThatRanForAWhileIsRespawnedAtOnce() {
        assertEquals(0, respawns.died(1, Respawns.STABLE_LIFETIME + 1));
        assertTrue(respawns.due(1, System.nanoTime()));
        assertEquals("", log.toString(StandardCharsets.UTF_8), "nothing to say about a respawn at once");
    }

    @Test
    void quickDeathsInARowDoubleTheDelayUpToTenSeconds() {
        assertEquals(200, respawns.died(1, 0));
        assertEquals(400, respawns.died(1, 0));
        assertEquals(800, respawns.died(1, 0));
        for (int i = 0; i < 10; i++) {
            respawns.died(1, 0);
        }
        assertEquals(10_000, respawns.died(1, 0));
        assertFalse(respawns.due(1, System.nanoTime()), "not before its delay");
        assertTrue(respawns.due(1, System.nanoTime() + TimeUnit.SECONDS.toNanos(11)));
        assertTrue(log.toString(StandardCharsets.UTF_8)
                .contains("drover: respawning worker 1 in 400 ms (2 quick deaths in a row)"));
    }

    @Test
    void aStableRunResetsTheCountAndIndexesAreApart() {
        respawns.died(1, 0);
        respawns.died(1, 0);
        assertEquals(0, respawns.died(1, Respawns.STABLE_LIFETIME + 1));
        assertEquals(200, respawns.died(1, 0), "counting starts over");
        assertEquals(200, respawns.died(2, 0), "another index has its own count");
        assertTrue(respawns.due(3, System.nanoTime()), "an index that never died may spawn");
    }

    @Test
    void onlyAnIndexThatLostItsWorkerIsRespawned() {
        assertFalse(respawns.respawning(2), "a new index's first worker");
        respawns.died(2, Respawns.STABLE_LIFETIME + 1);
        assertTrue(respawns.respawning(2));
        assertFalse(respawns.respawning(2), "counted once");
        respawns.died(3, 0);
        respawns.forget(3);
        assertFalse(respawns.respawning(3), "taken away, then added again: a first worker");
        assertTrue(respawns.due(3, System.nanoTime()), "and no backoff left");
    }
}
