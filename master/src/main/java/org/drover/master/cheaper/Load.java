package org.drover.master.cheaper;

/**
 * What cheaper mode saw of the workers at one check (once a second), and since the previous one.
 *
 * @param nanos {@link System#nanoTime()} at the check
 * @param running the workers ready to serve
 * @param booting the workers spawned (or about to be) and not ready yet: they count toward
 *     capacity, so that one burst does not spawn a worker per check while they boot
 * @param busyWorkers ready workers with a request on at least one slot now (uWSGI's busy worker)
 * @param threads the slots of each worker
 * @param demandPeak the most requests the master held at once since the previous check, on a
 *     slot or queued for one
 * @param queued requests waiting for a slot now (uWSGI's listen queue, its backlog)
 * @param busySlotNanos time the ready workers' slots spent on requests since the previous check,
 *     summed over the slots
 * @param slotNanos time the ready workers' slots were in service since the previous check
 * @param idlestNanos how long the idlest ready worker has had no request, 0 if every one has one
 * @param canRetire whether a retirement would be carried out now: an idle worker, another one
 *     ready, more than {@code cheaper}, and no retirement still draining
 */
public record Load(
        long nanos,
        int running,
        int booting,
        int busyWorkers,
        int threads,
        int demandPeak,
        int queued,
        long busySlotNanos,
        long slotNanos,
        long idlestNanos,
        boolean canRetire) {

    /** The workers that run or boot: uWSGI's active workers. */
    public int workers() {
        return running + booting;
    }

    /** Active workers with no request: booting ones too, as in uWSGI. */
    int idleWorkers() {
        return workers() - busyWorkers;
    }
}
