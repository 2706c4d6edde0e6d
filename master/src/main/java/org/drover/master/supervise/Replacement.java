package org.drover.master.supervise;

/**
 * One worker to replace, replacement first: the new worker starts, proves it is ready, and
 * only then does the old one stop taking requests and drain. Recycling queues one; a reload
 * queues one per worker and they run one after another.
 */
final class Replacement {

    final int index;
    final boolean reload;
    /** The worker being replaced, once the replacement runs. */
    WorkerHandle old;
    /** The new worker, once the replacement runs. */
    WorkerHandle fresh;

    Replacement(int index, boolean reload) {
        this.index = index;
        this.reload = reload;
    }
}
