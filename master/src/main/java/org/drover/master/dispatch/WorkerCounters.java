package org.drover.master.dispatch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the request path counts for one worker process: requests finished, response bytes sent
 * and time spent. Lock-free; the supervisor reads it for the stats and for {@code max-requests}.
 */
public final class WorkerCounters {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tx = new AtomicLong();
    private final AtomicLong requestNanos = new AtomicLong();

    /** Counts a request the worker finished; returns its count so far. */
    long countRequest() {
        return requests.incrementAndGet();
    }

    /** A response to one of the worker's requests went out: its body bytes and its time. */
    void countResponse(long bytes, long nanos) {
        tx.addAndGet(bytes);
        requestNanos.addAndGet(nanos);
    }

    /** Requests the worker has finished. */
    public long requests() {
        return requests.get();
    }

    /** Response body bytes sent to clients. */
    public long tx() {
        return tx.get();
    }

    /** Time from arrival at the master to the last byte sent, summed over the worker's requests. */
    public long requestNanos() {
        return requestNanos.get();
    }
}
