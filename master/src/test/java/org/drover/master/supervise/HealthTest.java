package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the probes read: live while the loop turned recently, ready as the last turn said. */
class HealthTest {

    @Test
    void aLoopThatLastTurnedFiveSecondsAgoIsNotLive() {
        Health health = new Health();
        long now = System.nanoTime();
        health.turned(now, null);
        assertEquals(-1, health.staleNanos(now + TimeUnit.SECONDS.toNanos(4)));
        assertEquals(TimeUnit.SECONDS.toNanos(6), health.staleNanos(now + TimeUnit.SECONDS.toNanos(6)));
        health.turned(now + TimeUnit.SECONDS.toNanos(6), null);
        assertEquals(-1, health.staleNanos(now + TimeUnit.SECONDS.toNanos(7)));
    }

    @Test
    void readinessIsWhatTheLastTurnSaid() {
        Health health = new Health();
        assertEquals("no worker is ready yet", health.notReady());
        health.turned(System.nanoTime(), null);
        assertNull(health.notReady());
        health.turned(System.nanoTime(), "the server is stopping");
        assertEquals("the server is stopping", health.notReady());
    }
}
