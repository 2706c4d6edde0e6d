package org.drover.master;

import java.io.IOException;
import java.io.PrintStream;
import org.drover.master.config.ServerConfig;

/**
 * The master process: opens the HTTP front and the workers' socket, then lets the supervisor
 * run the workers until the server stops. Whatever ends it, no worker outlives it.
 */
public final class Master {

    private final ServerConfig config;
    private final PrintStream out;
    private final PrintStream err;

    /** Creates a master for this configuration, logging to these streams. */
    public Master(ServerConfig config, PrintStream out, PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
    }

    /** Serves until stopped; returns the exit code (see {@link ExitCodes}). */
    public int run() {
        Console console = new Console(out);
        console.log("drover starting: master pid " + ProcessHandle.current().pid() + ", " + config.processes()
                + " processes × " + config.threads() + " threads, apps: " + config.apps());
        try (RuntimeDir dir = RuntimeDir.create()) {
            Dispatcher dispatcher = new Dispatcher(config.listen());
            RequestLog log = new RequestLog(out, !config.disableLogging());
            HttpFront front = new HttpFront(config, dispatcher, log);
            try {
                front.start();
            } catch (Exception e) {
                err.println("drover: cannot listen on http " + config.http().orElseThrow() + ": " + e.getMessage());
                front.close();
                return ExitCodes.FAILURE;
            }
            Supervisor supervisor = new Supervisor(config, console, dispatcher,
                    new WorkerCommand(config, dir.socket(), dir.secret()), front);
            try (WorkerListener listener = new WorkerListener(dir.socket(), dir.secret(), supervisor::post, console)) {
                Signals.install(supervisor::post);
                return supervisor.run();
            } finally {
                supervisor.killAll();
                front.close();
                out.flush();
            }
        } catch (IOException e) {
            err.println("drover: cannot create the runtime directory for the workers' socket: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
