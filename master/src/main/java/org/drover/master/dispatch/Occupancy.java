package org.drover.master.dispatch;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What cheaper mode measures of the slots, kept by the dispatcher under its lock and only in
 * cheaper mode: the most exchanges held at once (on a slot or queued), the busy and the
 * in-service slot time (integrated at each hand-out and release), and since when each worker in
 * service has had no request.
 */
public final class Occupancy {

    /**
     * The measures since the previous sample.
     *
     * @param peak the most exchanges held at once, on a slot or queued
     * @param queued exchanges queued now
     */
    public record Sample(int peak, int queued, long busySlotNanos, long slotNanos) {}

    private final Map<WorkerConnection, Long> idleSince = new IdentityHashMap<>();
    private int busy;
    private int inService;
    private int peak;
    private long busySlotNanos;
    private long slotNanos;
    private long changedAt = System.nanoTime();

    void added(WorkerConnection worker) {
        count(0, worker.slots().length);
        idleSince.put(worker, System.nanoTime());
    }

    /** @param lost the exchanges that were on its slots */
    void removed(WorkerConnection worker, int lost) {
        count(-lost, -worker.slots().length);
        idleSince.remove(worker);
    }

    void assigned(WorkerConnection worker, int queued) {
        count(1, 0);
        peak = Math.max(peak, busy + queued);
        idleSince.remove(worker);
    }

    void queued(int queued) {
        peak = Math.max(peak, busy + queued);
    }

    void freed() {
        count(-1, 0);
    }

    /** The worker's last slot was freed: it is idle from now. */
    void idle(WorkerConnection worker) {
        idleSince.put(worker, System.nanoTime());
    }

    /** Since when this worker in service has had no request, or -1 while it has one. */
    long idleSince(WorkerConnection worker) {
        return idleSince.getOrDefault(worker, -1L);
    }

    /** The measures since the last sample; the peak starts again from what is held now. */
    Sample take(int queued) {
        count(0, 0);
        Sample sample = new Sample(peak, queued, busySlotNanos, slotNanos);
        peak = busy + queued;
        busySlotNanos = 0;
        slotNanos = 0;
        return sample;
    }

    /** Adds up the slot time so far, then changes the busy and in-service slot counts. */
    private void count(int busyChange, int slotChange) {
        long now = System.nanoTime();
        busySlotNanos += busy * (now - changedAt);
        slotNanos += inService * (now - changedAt);
        changedAt = now;
        busy += busyChange;
        inService += slotChange;
    }
}
