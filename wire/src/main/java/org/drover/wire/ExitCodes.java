package org.drover.wire;

/**
 * The exit codes of the {@code drover} command and of its worker JVMs, in one place: scripts and
 * service managers tell the command's failures apart, and the master reads a worker's.
 */
public final class ExitCodes {

    /** Stopped normally: drover after a graceful stop; a worker told to stop, or whose master closed its data connection. */
    public static final int OK = 0;
    /** drover: a failure while serving, such as a listener that cannot bind. A worker: its master is gone. */
    public static final int FAILURE = 1;
    /** A bad option, value or file in drover's configuration; a bad worker command line. */
    public static final int CONFIG = 2;
    /** drover: the workers could not be started. */
    public static final int BOOT = 3;
    /** An application could not be loaded: drover at first start; a worker, which reported why first. */
    public static final int APP_LOAD = 4;
    /**
     * A worker after a {@link VirtualMachineError} in a request (an {@link OutOfMemoryError}, a
     * {@link StackOverflowError}): its JVM may be broken, so it exits and the master respawns it.
     */
    public static final int WORKER_BROKEN = 5;

    private ExitCodes() {}
}
