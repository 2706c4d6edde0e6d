package org.drover.master;

/** The exit codes of the {@code drover} command, so scripts and supervisors can tell failures apart. */
public final class ExitCodes {

    /** Stopped normally (also after a graceful SIGTERM). */
    public static final int OK = 0;
    /** A failure while serving, such as a listener that cannot bind. */
    public static final int FAILURE = 1;
    /** A bad option, value or file in the configuration. */
    public static final int CONFIG = 2;
    /** The workers could not be started. */
    public static final int BOOT = 3;
    /** An application could not be loaded at first start. */
    public static final int APP_LOAD = 4;

    private ExitCodes() {}
}
