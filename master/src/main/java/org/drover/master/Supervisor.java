package org.drover.master;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.ServerConfig;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.drover.wire.Hello;

/**
 * Keeps the workers alive: spawns them, respawns the ones that die, and stops them all on a
 * signal. One thread runs the loop and owns the worker table; everything else only posts
 * events. Each turn: take events, enforce deadlines, spawn to reach the target, check the stop.
 */
final class Supervisor {

    private static final long BOOT_TIMEOUT = TimeUnit.SECONDS.toNanos(60);
    private static final long GRACEFUL_TIMEOUT = TimeUnit.SECONDS.toNanos(30);
    private static final long STOP_MERCY = TimeUnit.SECONDS.toNanos(10);
    private static final long STABLE_LIFETIME = TimeUnit.SECONDS.toNanos(10);

    private final ServerConfig config;
    private final Console console;
    private final Dispatcher dispatcher;
    private final WorkerCommand command;
    private final HttpFront front;
    private final Executor executor;
    private final BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();
    private final WorkerHandle[] workers;
    private final int[] failures;
    private final long[] respawnAt;
    private boolean everReady;
    private boolean stopping;
    private long stopDeadline;
    private long stopsSentAt;
    private boolean stopsSent;
    private Integer exitCode;

    Supervisor(ServerConfig config, Console console, Dispatcher dispatcher, WorkerCommand command, HttpFront front) {
        this.config = config;
        this.console = console;
        this.dispatcher = dispatcher;
        this.command = command;
        this.front = front;
        this.executor = front.executor();
        this.workers = new WorkerHandle[config.processes() + 1];
        this.failures = new int[config.processes() + 1];
        this.respawnAt = new long[config.processes() + 1];
    }

    void post(SupervisorEvent event) {
        events.add(event);
    }

    /** Runs until the server stops; returns the exit code. */
    int run() {
        for (int index = 1; index < workers.length && exitCode == null; index++) {
            spawnWorker(index);
        }
        while (exitCode == null) {
            try {
                SupervisorEvent event = events.poll(200, TimeUnit.MILLISECONDS);
                while (event != null && exitCode == null) {
                    handle(event);
                    event = events.poll();
                }
            } catch (InterruptedException e) {
                halt("drover: interrupted", ExitCodes.FAILURE);
            }
            if (exitCode == null) {
                killTimedOut();
                manageWorkers();
                checkStop();
            }
        }
        return exitCode;
    }

    private void handle(SupervisorEvent event) {
        if (event instanceof SupervisorEvent.Connected c) {
            connected(c.hello(), c.channel(), c.reader());
        } else if (event instanceof SupervisorEvent.Ready r) {
            ready(r.worker(), r.description());
        } else if (event instanceof SupervisorEvent.LoadFailed f) {
            loadFailed(f.worker(), f.message());
        } else if (event instanceof SupervisorEvent.Exited e) {
            reap(e.worker(), e.code());
        } else if (event instanceof SupervisorEvent.Signal s) {
            signal(s.name());
        }
    }

    private void spawnWorker(int index) {
        try {
            Process process = command.start(index);
            WorkerHandle worker = new WorkerHandle(index, process, console);
            workers[index] = worker;
            process.onExit().thenAccept(p -> post(new SupervisorEvent.Exited(worker, p.exitValue())));
            console.log("spawned drover worker " + index + " (pid: " + process.pid() + ", threads: "
                    + config.threads() + ")");
        } catch (IOException e) {
            halt("drover: cannot start worker " + index + ": " + e.getMessage(), ExitCodes.BOOT);
        }
    }

    private void connected(Hello hello, SocketChannel channel, FrameReader reader) {
        WorkerHandle worker = hello.index() < workers.length ? workers[hello.index()] : null;
        if (worker == null || worker.pid() != hello.pid()) {
            console.log("drover: closing a connection from unknown worker " + hello.index() + " (pid: "
                    + hello.pid() + ")");
            close(channel);
            return;
        }
        if (hello.connection() == Hello.CONTROL) {
            worker.attachControl(channel);
            readControl(worker, reader);
        } else {
            WorkerConnection data = new WorkerConnection(worker, channel, reader, config.threads());
            worker.attachData(data);
            data.startReader(dispatcher, executor);
            if (worker.loaded()) {
                activate(worker);
            }
        }
    }

    /** Reads a worker's control messages on a thread of their own, posting each as an event. */
    private void readControl(WorkerHandle worker, FrameReader reader) {
        Thread thread = new Thread(() -> {
            try {
                Frame frame;
                while ((frame = reader.read()) != null) {
                    if (frame.type() == FrameType.READY) {
                        post(new SupervisorEvent.Ready(worker, frame.text()));
                    } else if (frame.type() == FrameType.LOAD_FAILED) {
                        worker.loadFailure(frame.text());
                        post(new SupervisorEvent.LoadFailed(worker, frame.text()));
                    }
                }
            } catch (IOException e) {
                // the worker is gone; its exit event follows
            }
        }, "drover-worker-" + worker.index() + "-control");
        thread.setDaemon(true);
        worker.controlReader(thread);
        thread.start();
    }

    private void ready(WorkerHandle worker, String description) {
        if (workers[worker.index()] != worker) {
            return;
        }
        console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") ready: " + description);
        if (worker.markLoaded()) {
            activate(worker);
        }
    }

    private void activate(WorkerHandle worker) {
        if (stopping) {
            worker.state(WorkerHandle.State.DRAINING);
            worker.sendStop();
            return;
        }
        worker.state(WorkerHandle.State.READY);
        for (Exchange exchange : dispatcher.addWorker(worker.data())) {
            executor.execute(exchange::start);
        }
        if (!everReady && allReady()) {
            everReady = true;
            console.log("drover ready: " + config.processes() + "×" + config.threads() + " on " + front.describe());
        }
    }

    private boolean allReady() {
        for (int index = 1; index < workers.length; index++) {
            if (workers[index] == null || workers[index].state() != WorkerHandle.State.READY) {
                return false;
            }
        }
        return true;
    }

    private void loadFailed(WorkerHandle worker, String message) {
        if (!everReady) {
            halt("drover: cannot load the app: " + message, ExitCodes.APP_LOAD);
        } else {
            console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") cannot load the app: "
                    + message);
        }
    }

    /** A worker process exited: take it out of service and schedule its replacement. */
    private void reap(WorkerHandle worker, int code) {
        worker.state(WorkerHandle.State.EXITED);
        worker.closeConnections();
        if (workers[worker.index()] != worker) {
            return;
        }
        workers[worker.index()] = null;
        if (stopping) {
            console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") stopped"
                    + (code == 0 ? "" : " with code " + code));
            return;
        }
        console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") died with code " + code
                + (worker.loaded() ? "" : " before it was ready"));
        if (!everReady && !worker.loaded()) {
            String reason = worker.awaitLoadFailure();
            if (reason != null) {
                halt("drover: cannot load the app: " + reason, ExitCodes.APP_LOAD);
            } else {
                halt("drover: worker " + worker.index() + " exited with code " + code
                        + " before it was ready; see its output above", ExitCodes.BOOT);
            }
            return;
        }
        int index = worker.index();
        failures[index] = worker.ageNanos() < STABLE_LIFETIME ? failures[index] + 1 : 0;
        long delay = failures[index] == 0 ? 0 : Math.min(10_000, 100L << Math.min(failures[index], 7));
        respawnAt[index] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        if (delay > 0) {
            console.log("drover: respawning worker " + index + " in " + delay + " ms (" + failures[index]
                    + " quick deaths in a row)");
        }
    }

    private void killTimedOut() {
        for (int index = 1; index < workers.length; index++) {
            WorkerHandle worker = workers[index];
            if (worker != null && worker.state() == WorkerHandle.State.SPAWNING && worker.ageNanos() > BOOT_TIMEOUT) {
                console.log("drover worker " + index + " (pid: " + worker.pid() + ") did not boot within "
                        + TimeUnit.NANOSECONDS.toSeconds(BOOT_TIMEOUT) + " s; killing it");
                worker.kill();
            }
        }
    }

    private void manageWorkers() {
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        for (int index = 1; index < workers.length; index++) {
            if (workers[index] == null && now - respawnAt[index] >= 0) {
                spawnWorker(index);
            }
        }
    }

    private void signal(String name) {
        if (stopping) {
            console.log("drover: SIG" + name + " again: stopping at once");
            killAll();
            halt(null, ExitCodes.FAILURE);
            return;
        }
        stopping = true;
        stopDeadline = System.nanoTime() + GRACEFUL_TIMEOUT;
        console.log("drover: SIG" + name + ": graceful stop; finishing " + front.inFlight() + " requests, "
                + dispatcher.queued() + " of them queued (send it again to stop at once)");
        front.stopAccepting();
    }

    private void checkStop() {
        if (!stopping) {
            return;
        }
        long now = System.nanoTime();
        if (!stopsSent && (front.inFlight() == 0 || now - stopDeadline > 0)) {
            if (front.inFlight() > 0) {
                console.log("drover: graceful timeout; " + front.inFlight() + " requests cut off");
            }
            for (Exchange waiting : dispatcher.drainQueue()) {
                waiting.answer(503, "Service Unavailable", "the server stopped before a worker was free");
            }
            for (WorkerHandle worker : workers) {
                if (worker != null) {
                    worker.state(WorkerHandle.State.DRAINING);
                    if (worker.data() != null) {
                        worker.data().stopAccepting();
                    }
                    worker.sendStop();
                }
            }
            stopsSent = true;
            stopsSentAt = now;
        }
        if (stopsSent) {
            boolean any = false;
            for (WorkerHandle worker : workers) {
                if (worker != null) {
                    any = true;
                    if (now - stopsSentAt > STOP_MERCY && !worker.killed()) {
                        console.log("drover: " + worker + " did not stop within "
                                + TimeUnit.NANOSECONDS.toSeconds(STOP_MERCY) + " s; killing it");
                        worker.kill();
                    }
                }
            }
            if (!any) {
                console.log("drover: stopped");
                exitCode = ExitCodes.OK;
            }
        }
    }

    /** Ends the loop with this code, after logging the reason. */
    private void halt(String reason, int code) {
        if (exitCode != null) {
            return;
        }
        if (reason != null) {
            console.log(reason);
        }
        exitCode = code;
    }

    /** Kills every worker process at once; called when the master exits, whatever the reason. */
    void killAll() {
        for (WorkerHandle worker : workers) {
            if (worker != null) {
                worker.kill();
            }
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
