package org.drover.master.supervise;

/** Where a worker process is in its life: spawning until READY, then ready, draining once told to stop, exited. */
public enum WorkerState {
    SPAWNING,
    READY,
    DRAINING,
    EXITED
}
