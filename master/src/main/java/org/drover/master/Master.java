package org.drover.master;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.drover.master.config.ConfigException;
import org.drover.master.config.ServerConfig;
import org.drover.master.config.ServiceAddress;
import org.drover.master.control.ControlServer;
import org.drover.master.control.MasterFifo;
import org.drover.master.control.Metrics;
import org.drover.master.control.Operator;
import org.drover.master.control.Probes;
import org.drover.master.control.SnapshotHandler;
import org.drover.master.control.StatsDocument;
import org.drover.master.control.StatsServer;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.front.BoundPorts;
import org.drover.master.front.Front;
import org.drover.master.front.RequestLog;
import org.drover.master.log.Console;
import org.drover.master.log.ReopenableLog;
import org.drover.master.supervise.Listeners;
import org.drover.master.supervise.ServiceManager;
import org.drover.master.supervise.Signals;
import org.drover.master.supervise.Supervisor;
import org.drover.master.supervise.WorkerCommand;
import org.drover.master.supervise.WorkerListener;
import org.drover.master.systemd.Systemd;
import org.drover.master.user.TargetUser;
import org.drover.wire.ExitCodes;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The master process: opens the HTTP front and the workers' socket, then lets the supervisor
 * run the workers until the server stops. Whatever ends it, no worker outlives it.
 */
public final class Master {

    private final ServerConfig config;
    private final PrintStream out;
    private final PrintStream err;
    /** The user the master becomes once its listeners are bound, if {@code uid} or {@code gid} is set. */
    private Optional<TargetUser> user = Optional.empty();

    /** Creates a master for this configuration, logging to these streams. */
    public Master(ServerConfig config, PrintStream out, PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
    }

    /** Serves until stopped; returns the exit code (see {@link ExitCodes}). */
    public int run() {
        try {
            user = TargetUser.of(config.lifecycle().uid(), config.lifecycle().gid());
        } catch (IllegalArgumentException e) {
            err.println("drover: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        Optional<Path> logto = config.lifecycle().logto();
        if (logto.isPresent()) {
            ReopenableLog file;
            try {
                file = new ReopenableLog(logto.get());
            } catch (IOException e) {
                err.println("drover: cannot open logto file " + logto.get() + ": " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            try (PrintStream log = new PrintStream(file, true, StandardCharsets.UTF_8)) {
                return serve(log, log, () -> {
                    try {
                        file.reopen();
                        log.println("drover: reopened " + logto.get());
                    } catch (IOException e) {
                        log.println("drover: cannot reopen " + logto.get() + ": " + e.getMessage());
                    }
                });
            }
        }
        return serve(out, err, () -> out.println("drover: no logto file to reopen; the output goes to the console"));
    }

    private int serve(PrintStream out, PrintStream err, Runnable reopenLogs) {
        Console console = new Console(out);
        console.log("drover starting: master pid " + ProcessHandle.current().pid() + ", " + config.processes()
                + " processes × " + config.threads() + " threads, apps: " + config.apps()
                + (config.appDirs().isEmpty() ? "" : ", app-dir: " + config.appDirs()));
        Optional<Path> pidfile = config.lifecycle().pidfile();
        String pid = Long.toString(ProcessHandle.current().pid());
        boolean wrotePidfile = false;
        try (RuntimeDir dir = RuntimeDir.create()) {
            Dispatcher dispatcher =
                    new Dispatcher(config.listen(), config.cheaper().on());
            Metrics metrics = new Metrics();
            RequestLog log = new RequestLog(out, !config.disableLogging(), config.logging());
            BoundPorts ports;
            try {
                ports = BoundPorts.bind(config);
            } catch (IOException e) {
                err.println("drover: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            QueuedThreadPool threads = Front.threadPool();
            LateFront listeners = new LateFront();
            LongAdder answered = new LongAdder();
            ServiceManager systemd = Systemd.fromEnvironment(
                    System.getenv(), ProcessHandle.current().pid(), answered::sum, console);
            Supervisor supervisor = new Supervisor(
                    config,
                    console,
                    dispatcher,
                    new WorkerCommand(config, dir.socket(), dir.secret()),
                    listeners,
                    threads,
                    dir.dir(),
                    systemd);
            Operator commands = new Operator(supervisor::post, reopenLogs, console);
            Optional<Path> fifoPath = config.lifecycle().masterFifo();
            try (ports;
                    WorkerListener listener =
                            new WorkerListener(dir.socket(), dir.secret(), supervisor::post, console);
                    StatsServer stats = config.stats()
                            .map(address -> new StatsServer(new ServiceAddress(address), supervisor::post, console))
                            .orElse(null);
                    ControlServer ctl = config.ctlSocket()
                            .map(address -> new ControlServer(new ServiceAddress(address), commands, console))
                            .orElse(null);
                    MasterFifo fifo = fifoPath.map(path -> new MasterFifo(path, commands, console))
                            .orElse(null)) {
                try {
                    if (stats != null) {
                        stats.start();
                    }
                    if (fifo != null) {
                        fifo.start();
                    }
                    if (ctl != null) {
                        ctl.start();
                    }
                } catch (IOException e) {
                    err.println("drover: cannot start: " + e.getMessage());
                    return ExitCodes.FAILURE;
                }
                Signals.install(supervisor::post);
                // Written once the ports are bound and signals are handled, so a reload or stop
                // through it never meets a master that cannot take it.
                if (pidfile.isPresent()) {
                    Files.writeString(pidfile.get(), pid + "\n");
                    wrotePidfile = true;
                }
                if (!becomeUser(dir.dir(), console)) {
                    return ExitCodes.FAILURE;
                }
                Front front = null;
                try {
                    // The workers boot while Jetty is built and started: its classes take the
                    // master a few hundred milliseconds to load.
                    supervisor.spawnFirstWorkers();
                    if (!supervisor.failed()) {
                        try {
                            front = new Front(
                                    config,
                                    dispatcher,
                                    done -> {
                                        metrics.answered(done.status(), done.nanos());
                                        if (done.staticFile()) {
                                            metrics.servedStatic(done.status(), done.bytes());
                                        }
                                        answered.increment();
                                        log.finished(done);
                                    },
                                    threads,
                                    ports,
                                    console);
                        } catch (ConfigException e) {
                            err.println("drover: " + e.getMessage()); // an https certificate or key
                            return ExitCodes.CONFIG;
                        }
                        if (!startFront(front, supervisor, metrics, console)) {
                            return ExitCodes.FAILURE;
                        }
                        listeners.front = front;
                    }
                    return supervisor.run();
                } finally {
                    supervisor.killAll();
                    if (front != null) {
                        front.close();
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            err.println("drover: cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            if (wrotePidfile) {
                removePidfile(pidfile.get(), pid);
            }
        }
    }

    /**
     * Drops root for the target user, once everything that needs root is done: the listeners
     * bound, the pidfile written. What the master made and must still use (the runtime
     * directory, the UNIX sockets, the log, the FIFO) is given to that user first.
     */
    private boolean becomeUser(Path runtime, Console console) {
        if (user.isEmpty()) {
            if ("root".equals(System.getProperty("user.name"))) {
                console.log("drover: *** WARNING: you are running drover as root !!! (use the --uid flag) ***");
            }
            return true;
        }
        List<Path> owned = new ArrayList<>(List.of(runtime));
        for (Optional<String> address : List.of(config.socket(), config.stats(), config.ctlSocket())) {
            address.filter(text -> text.contains("/")).map(Path::of).ifPresent(owned::add);
        }
        config.lifecycle().logto().ifPresent(owned::add);
        config.lifecycle().masterFifo().ifPresent(owned::add);
        try {
            for (Path path : owned) {
                user.get().handOver(path);
            }
            user.get().become();
        } catch (IOException | RuntimeException | LinkageError e) {
            err.println("drover: cannot drop privileges: " + e.getMessage());
            return false;
        }
        console.log("drover: running as " + user.get());
        return true;
    }

    /** Adds the master's own listeners to the front and starts it; false, said, if it cannot. */
    private boolean startFront(Front front, Supervisor supervisor, Metrics metrics, Console console) {
        Optional<ServerConnector> statsHttp = config.statsHttp()
                .map(address -> front.serveOwn(
                        "stats-http",
                        address,
                        new Probes(
                                supervisor.health()::notLive,
                                supervisor.health()::notReady,
                                new SnapshotHandler(
                                        supervisor::post,
                                        server -> new SnapshotHandler.Document(
                                                "application/json",
                                                StatsDocument.of(server).toJson() + "\n")))));
        Optional<ServerConnector> metricsHttp = config.metrics()
                .map(address -> front.serveOwn(
                        "metrics",
                        address,
                        new Probes(
                                supervisor.health()::notLive,
                                supervisor.health()::notReady,
                                new SnapshotHandler(supervisor::post, metrics::scrape))));
        try {
            front.start();
        } catch (Exception e) {
            err.println("drover: cannot listen on " + listening() + ": " + e.getMessage());
            return false;
        }
        statsHttp.ifPresent(connector -> console.log("drover stats-http on http://"
                + config.statsHttp().get().host() + ":" + connector.getLocalPort() + "/"));
        metricsHttp.ifPresent(connector -> console.log("drover metrics on http://"
                + config.metrics().get().host() + ":" + connector.getLocalPort() + "/metrics"));
        return true;
    }

    /** The listeners the configuration asks for, for an error that says which could not bind. */
    private String listening() {
        List<String> listeners = new ArrayList<>();
        config.http().ifPresent(a -> listeners.add("http " + a));
        config.httpSocket().ifPresent(a -> listeners.add("http-socket " + a));
        config.socket().ifPresent(a -> listeners.add("socket " + a));
        config.statsHttp().ifPresent(a -> listeners.add("stats-http " + a));
        config.metrics().ifPresent(a -> listeners.add("metrics " + a));
        return String.join(", ", listeners);
    }

    /**
     * The front as the supervisor drives it, which exists once Jetty has started: the supervisor
     * spawns the first workers before that, and asks the front nothing until its loop runs.
     */
    private static final class LateFront implements Listeners {

        private volatile Front front;

        @Override
        public int inFlight() {
            return front == null ? 0 : front.inFlight();
        }

        @Override
        public void stopAccepting() {
            if (front != null) {
                front.stopAccepting();
            }
        }

        @Override
        public void reloadCertificates() {
            if (front != null) {
                front.reloadCertificates();
            }
        }

        @Override
        public String describe() {
            return front == null ? "(no listener yet)" : front.describe();
        }
    }

    /** Removes the pidfile if it still names this master (another one may have taken it over). */
    private static void removePidfile(Path file, String pid) {
        try {
            if (Files.readString(file).strip().equals(pid)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // gone already, or not ours to remove
        }
    }
}
