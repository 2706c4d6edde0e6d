package org.drover.worker;

import java.io.IOException;
import org.drover.wire.ExitCodes;

/**
 * Entry point of a worker JVM: connects to the master, loads the apps, and serves the requests
 * the master sends until it is told to stop or the master goes away.
 */
public final class WorkerMain {

    private WorkerMain() {}

    /** Runs the worker; the master starts it with {@code --socket PATH --index N --threads M --jar N=JAR... --mount PREFIX=NAME=CLASS=N...}. */
    public static void main(String[] args) {
        WorkerArgs workerArgs;
        try {
            workerArgs = WorkerArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("drover worker: " + e.getMessage());
            System.exit(ExitCodes.CONFIG);
            return;
        }
        String secret = System.getenv("DROVER_SECRET");
        if (secret == null || secret.isEmpty()) {
            System.err.println("drover worker: DROVER_SECRET is not set; workers are started by the drover master");
            System.exit(ExitCodes.CONFIG);
        }
        ignoreTerminalSignals();
        try {
            new Worker(workerArgs, secret).run();
        } catch (IOException e) {
            System.err.println("drover worker " + workerArgs.index() + ": lost the master: " + e.getMessage());
            Runtime.getRuntime().halt(ExitCodes.FAILURE);
        }
    }

    /**
     * Workers share the master's process group, so Ctrl-C in a terminal signals them too; they
     * leave stopping to the master, which stops them gracefully.
     */
    @SuppressWarnings("removal")
    private static void ignoreTerminalSignals() {
        for (String name : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_IGN);
        }
    }
}
