package org.drover.master.supervise;

import java.util.concurrent.TimeUnit;

/**
 * What a load balancer's or Kubernetes' probes see: written by the supervisor's loop at the end
 * of every turn and read by the probe handler without posting an event, so that a loop that
 * stopped turning shows as not live instead of answering for itself.
 */
public final class Health {

    /** The server is live while the loop's last turn ended less than this long ago. */
    static final long LIVE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile long lastTurn = System.nanoTime();
    private volatile String notReady = "no worker is ready yet";

    /** The loop ended a turn: {@code notReady} says why traffic should go elsewhere, or is null. */
    void turned(long now, String notReady) {
        this.notReady = notReady;
        lastTurn = now;
    }

    /** How long ago the loop's last turn ended, if that is too long for a live server; else -1. */
    long staleNanos(long now) {
        long since = now - lastTurn;
        return since < LIVE_NANOS ? -1 : since;
    }

    /** Why the server is not live (its loop stopped turning), or null if it is. */
    public String notLive() {
        long stale = staleNanos(System.nanoTime());
        return stale < 0
                ? null
                : "the supervisor's loop last turned " + TimeUnit.NANOSECONDS.toSeconds(stale) + " s ago";
    }

    /** Why the server should get no traffic now, or null if it should. */
    public String notReady() {
        return notReady;
    }
}
