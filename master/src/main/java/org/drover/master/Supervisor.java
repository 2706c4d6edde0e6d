package org.drover.master;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;
import org.drover.master.config.ServerConfig;
import org.drover.wire.FrameReader;
import org.drover.wire.Hello;

/**
 * Keeps the workers alive: spawns them, respawns the ones that die, replaces the ones that are
 * due (recycling, reload, a thread stuck after harakiri), and stops them all on a signal. One
 * thread runs the loop and owns the worker table; everything else only posts events. Each
 * turn: take events, enforce deadlines, recycle, reload, spawn to reach the target, check the stop.
 */
final class Supervisor {

    private static final long TICK_MILLIS = 200;
    private static final long STOP_MERCY = TimeUnit.SECONDS.toNanos(10);
    private static final long STABLE_LIFETIME = TimeUnit.SECONDS.toNanos(10);

    private final ServerConfig config;
    private final Lifecycle lifecycle;
    private final Console console;
    private final Dispatcher dispatcher;
    private final WorkerCommand command;
    private final Front front;
    private final Executor executor;
    private final Path runtime;
    private final Runnable reopenLogs;
    private final Metrics metrics;
    private final Deadlines deadlines;
    private final Recycler recycler;
    private final ReloadTriggers triggers;
    private final BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();
    /** The worker serving (or spawning) for each index. */
    private final Map<Integer, WorkerHandle> current = new TreeMap<>();
    /** Every worker process alive, the retiring ones too. */
    private final List<WorkerHandle> live = new ArrayList<>();

    private final Map<Integer, Integer> failures = new HashMap<>();
    /** Workers spawned per index, for the stats' respawn_count. */
    private final Map<Integer, Integer> spawns = new HashMap<>();

    private final Map<Integer, Long> respawnAt = new HashMap<>();
    private final ArrayDeque<Replacement> pending = new ArrayDeque<>();
    private Replacement active;
    private AppSnapshot apps;
    private AppSnapshot previousApps;
    private int nextGeneration = 1;
    private final Map<Integer, Long> recycleAfter = new HashMap<>();
    private int target;
    private boolean everReady;
    private boolean stopping;
    /** {@code drover ctl reload} commands waiting for the reload to end. */
    private final List<CompletableFuture<SupervisorEvent.Command.Reply>> reloadWaiters = new ArrayList<>();

    private long stopDeadline;
    private long stopsSentAt;
    private boolean stopsSent;
    private Integer exitCode;

    Supervisor(
            ServerConfig config,
            Console console,
            Dispatcher dispatcher,
            WorkerCommand command,
            Front front,
            Path runtime,
            Runnable reopenLogs,
            Metrics metrics) {
        this.reopenLogs = reopenLogs;
        this.metrics = metrics;
        this.config = config;
        this.lifecycle = config.lifecycle();
        this.console = console;
        this.dispatcher = dispatcher;
        this.command = command;
        this.front = front;
        this.executor = front.executor();
        this.runtime = runtime;
        this.target = config.processes();
        this.deadlines = new Deadlines(lifecycle, console, executor, metrics);
        this.recycler = new Recycler(lifecycle);
        this.triggers = new ReloadTriggers(lifecycle, config.apps(), config.appDirs(), config.appDirPoll());
    }

    void post(SupervisorEvent event) {
        events.add(event);
    }

    /** A reload is under way from the time its apps are taken until it finishes or is aborted. */
    private boolean reloading() {
        return previousApps != null;
    }

    /** Runs until the server stops; returns the exit code. */
    int run() {
        try {
            apps = takeApps();
        } catch (IOException e) {
            return halt("drover: " + e.getMessage(), ExitCodes.FAILURE);
        }
        for (int index = 1; index <= target && exitCode == null; index++) {
            spawnWorker(index);
        }
        while (exitCode == null) {
            try {
                SupervisorEvent event = events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                while (event != null && exitCode == null) {
                    handle(event);
                    event = events.poll();
                }
            } catch (InterruptedException e) {
                halt("drover: interrupted", ExitCodes.FAILURE);
            }
            if (exitCode == null) {
                killTimedOut();
                for (WorkerHandle stuck : deadlines.check(live)) {
                    replaceStuck(stuck);
                }
                recycle();
                // A change seen during a reload waits for it: the triggers see it on a later turn.
                // Nor does one during the first start: the triggers see it once the server is ready.
                String reload = stopping || reloading() || !everReady ? null : triggers.check();
                if (reload != null) {
                    reload(reload);
                }
                advanceReplacements();
                finishReload();
                for (WorkerHandle worker : live) {
                    worker.stopWhenIdle(dispatcher, TimeUnit.SECONDS.toNanos(lifecycle.harakiriMercy()));
                }
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
        } else if (event instanceof SupervisorEvent.Stack s) {
            console.log("drover: stack of " + s.worker() + " core " + s.slot() + ":\n"
                    + s.text().stripTrailing());
            deadlines.stackTaken(s.worker(), s.slot());
        } else if (event instanceof SupervisorEvent.Exited e) {
            reap(e.worker(), e.code());
        } else if (event instanceof SupervisorEvent.Signal s) {
            signal(s.name());
        } else if (event instanceof SupervisorEvent.Command c) {
            try {
                command(c.source(), c.name(), c.reply());
            } catch (RuntimeException e) {
                console.log("drover: " + c.source() + ": " + c.name() + " failed: " + e);
                c.reply().complete(new SupervisorEvent.Command.Reply(false, c.name() + " failed: " + e));
            }
        } else if (event instanceof SupervisorEvent.MetricsRequest r) {
            List<Metrics.WorkerFigures> figures = new ArrayList<>();
            for (WorkerHandle worker : current.values()) {
                figures.add(Metrics.WorkerFigures.of(worker, dispatcher, config.threads()));
            }
            metrics.showApps(apps);
            r.figures().complete(figures);
        } else if (event instanceof SupervisorEvent.StatsRequest r) {
            r.document().complete(statsDocument());
        }
    }

    /** The stats JSON of every live worker, in index order (for the stats server and the FIFO's s). */
    private String statsDocument() {
        List<WorkerHandle> workers = new ArrayList<>(live);
        workers.sort(java.util.Comparator.comparingInt(WorkerHandle::index));
        return StatsDocument.of(workers, spawns, dispatcher, front, apps);
    }

    private WorkerHandle spawn(int index) {
        try {
            Process process = command.start(index, apps);
            WorkerHandle worker = new WorkerHandle(index, process, console, apps);
            live.add(worker);
            spawns.merge(index, 1, Integer::sum);
            process.onExit().thenAccept(p -> post(new SupervisorEvent.Exited(worker, p.exitValue())));
            console.log("spawned drover worker " + index + " (pid: " + process.pid() + ", threads: " + config.threads()
                    + ")");
            return worker;
        } catch (IOException e) {
            if (!everReady) {
                halt("drover: cannot start worker " + index + ": " + e.getMessage(), ExitCodes.BOOT);
            } else {
                console.log("drover: cannot start worker " + index + ": " + e.getMessage()
                        + (current.containsKey(index) ? "" : "; trying again in 1 s"));
                respawnAt.put(index, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
            }
            return null;
        }
    }

    private void spawnWorker(int index) {
        if (everReady) {
            metrics.respawned(); // the index lost its worker
        }
        WorkerHandle worker = spawn(index);
        if (worker != null) {
            current.put(index, worker);
        }
    }

    private void connected(Hello hello, SocketChannel channel, FrameReader reader) {
        WorkerHandle worker = live.stream()
                .filter(w -> w.pid() == hello.pid() && w.index() == hello.index())
                .findFirst()
                .orElse(null);
        if (worker == null) {
            console.log("drover: closing a connection from unknown worker " + hello.index() + " (pid: " + hello.pid()
                    + ")");
            close(channel);
            return;
        }
        if (hello.connection() == Hello.CONTROL) {
            worker.attachControl(channel);
            WorkerControlReader.start(worker, reader, this::post, console);
        } else {
            WorkerConnection data = new WorkerConnection(worker, channel, reader, config.threads());
            worker.attachData(data);
            data.startReader(dispatcher, executor);
            if (worker.loaded()) {
                activate(worker);
            }
        }
    }

    private void ready(WorkerHandle worker, String description) {
        if (!live.contains(worker)) {
            return;
        }
        console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") ready: " + description);
        if (worker.markLoaded()) {
            activate(worker);
        }
    }

    /** Puts a ready worker in service; if it replaces another, that one now drains. */
    private void activate(WorkerHandle worker) {
        if (worker.state() != WorkerHandle.State.SPAWNING || worker.killed() || !live.contains(worker)) {
            return; // killed or retired before it could serve
        }
        boolean fresh = active != null && active.fresh == worker;
        if (stopping && (stopsSent || fresh)) {
            worker.retire(STOP_MERCY); // a worker that is current serves the queue while the stop waits
            return;
        }
        worker.state(WorkerHandle.State.READY);
        for (Exchange exchange : dispatcher.addWorker(worker.data())) {
            executor.execute(exchange::start);
        }
        if (active != null && active.fresh == worker) {
            finishReplacement(worker);
        }
        if (!everReady
                && current.size() == target
                && current.values().stream().allMatch(w -> w.state() == WorkerHandle.State.READY)) {
            everReady = true;
            console.log("drover ready: " + target + "×" + config.threads() + " on " + front.describe());
        }
    }

    private void finishReplacement(WorkerHandle fresh) {
        Replacement done = active;
        active = null;
        if (done.index > target) {
            fresh.retire(TimeUnit.SECONDS.toNanos(lifecycle.workerReloadMercy())); // SIGTTOU took its index away
            return;
        }
        current.put(done.index, fresh);
        if (done.old != null && live.contains(done.old)) {
            console.log("drover: worker " + done.index + " (pid: " + done.old.pid() + ") replaced by pid " + fresh.pid()
                    + "; the old one drains");
            done.old.retire(TimeUnit.SECONDS.toNanos(lifecycle.workerReloadMercy()));
        }
    }

    /**
     * A reload is over once none of its replacements waits or runs, and every index has a worker
     * that is ready: one respawned meanwhile loads the new apps outside a replacement, and must
     * prove them too.
     */
    private void finishReload() {
        if (reloading()
                && (active == null || !active.reload)
                && pending.stream().noneMatch(r -> r.reload)
                && current.size() == target
                && current.values().stream().allMatch(w -> w.state() == WorkerHandle.State.READY)) {
            AppSnapshot old = previousApps;
            previousApps = null;
            deleteUnusedApps(old);
            console.log("drover: reload finished: " + current.size() + " workers run the apps of generation "
                    + apps.generation());
            answerReloadWaiters(
                    true,
                    "reload finished: " + current.size() + " workers run the apps of generation " + apps.generation());
        }
    }

    private void loadFailed(WorkerHandle worker, String message) {
        if (active != null && active.fresh == worker) {
            failReplacement(message);
        } else if (!everReady) {
            halt("drover: cannot load the app: " + message, ExitCodes.APP_LOAD);
        } else if (reloading() && worker.apps() == apps) {
            // respawned during the reload, on its new apps, outside a replacement: they fail all the same
            worker.kill();
            abortReload("worker " + worker.index() + " cannot load the new apps: " + message);
        } else {
            console.log(
                    "drover worker " + worker.index() + " (pid: " + worker.pid() + ") cannot load the app: " + message);
        }
    }

    /** The new worker of a replacement failed: the old one keeps serving; a reload stops there. */
    private void failReplacement(String reason) {
        Replacement failed = active;
        active = null;
        failed.fresh.kill();
        if (failed.reload) {
            abortReload("the new worker " + failed.index + " cannot load the app: " + reason);
        } else {
            recycleAfter.put(failed.index, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            console.log("drover: cannot replace worker " + failed.index + ": " + reason
                    + "; it keeps serving, and the next try is in 10 s at the earliest");
        }
    }

    /**
     * Ends a reload that failed: the old apps are current again, and a worker that already runs
     * the new ones is replaced by one on the old, so that all serve one set again.
     */
    private void abortReload(String why) {
        pending.removeIf(r -> r.reload);
        if (previousApps != null) {
            AppSnapshot aborted = apps;
            apps = previousApps;
            previousApps = null;
            for (WorkerHandle worker : current.values()) {
                if (worker.apps() == aborted && !queued(worker.index())) {
                    pending.add(new Replacement(worker.index(), false));
                }
            }
            deleteUnusedApps(aborted);
        }
        console.log("drover: reload aborted: " + why + "; the old workers keep serving");
        answerReloadWaiters(false, "reload aborted: " + why + "; the old workers keep serving");
    }

    /** A worker process exited: take it out of service and schedule its replacement. */
    private void reap(WorkerHandle worker, int code) {
        worker.state(WorkerHandle.State.EXITED);
        worker.closeConnections();
        if (!live.remove(worker)) {
            return;
        }
        deleteUnusedApps(worker.apps());
        if (active != null && active.fresh == worker && stopping) {
            active = null; // retired by the stop before it served: no replacement failed
            console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") stopped before it was ready");
            return;
        }
        if (active != null && active.fresh == worker) {
            String reason = worker.awaitLoadFailure();
            failReplacement(
                    reason != null
                            ? reason
                            : worker.timedOutBooting()
                                    ? "it did not boot within worker-boot-timeout " + lifecycle.workerBootTimeout()
                                            + " s"
                                    : "it exited with code " + code + " before it was ready");
            return;
        }
        if (current.get(worker.index()) != worker) {
            console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") retired"
                    + (code == 0 ? "" : " with code " + code));
            return;
        }
        current.remove(worker.index());
        if (stopping) {
            console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") stopped"
                    + (code == 0 ? "" : " with code " + code));
            return;
        }
        console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") died with code " + code
                + (worker.loaded() ? "" : " before it was ready"));
        if (!everReady && !worker.loaded()) {
            String reason = worker.awaitLoadFailure();
            halt(
                    reason != null
                            ? "drover: cannot load the app: " + reason
                            : "drover: worker " + worker.index() + " exited with code " + code
                                    + " before it was ready; see its output above",
                    reason != null ? ExitCodes.APP_LOAD : ExitCodes.BOOT);
            return;
        }
        if (reloading() && worker.apps() == apps && !worker.loaded()) {
            // respawned during the reload on its new apps, it never got ready: they go back
            abortReload("worker " + worker.index() + ", started on the new apps, exited with code " + code
                    + " before it was ready");
        }
        int index = worker.index();
        int quick = worker.ageNanos() < STABLE_LIFETIME ? failures.getOrDefault(index, 0) + 1 : 0;
        failures.put(index, quick);
        long delay = quick == 0 ? 0 : Math.min(10_000, 100L << Math.min(quick, 7));
        respawnAt.put(index, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay));
        if (delay > 0) {
            console.log("drover: respawning worker " + index + " in " + delay + " ms (" + quick
                    + " quick deaths in a row)");
        }
    }

    private void deleteUnusedApps(AppSnapshot snapshot) {
        if (snapshot != apps && snapshot != previousApps && live.stream().noneMatch(w -> w.apps() == snapshot)) {
            snapshot.delete();
        }
    }

    private void killTimedOut() {
        long limit = TimeUnit.SECONDS.toNanos(lifecycle.workerBootTimeout());
        for (WorkerHandle worker : live) {
            if (worker.state() == WorkerHandle.State.SPAWNING && worker.ageNanos() > limit && !worker.killed()) {
                console.log("drover worker " + worker.index() + " (pid: " + worker.pid() + ") did not boot within "
                        + lifecycle.workerBootTimeout() + " s; killing it");
                worker.bootTimedOut();
                worker.kill();
            }
            if (worker.drainOverdue() && !worker.killed()) {
                console.log("drover worker " + worker.index() + " (pid: " + worker.pid()
                        + ") did not finish its requests within worker-reload-mercy " + lifecycle.workerReloadMercy()
                        + " s; killing it");
                worker.kill();
            }
        }
    }

    /** A thread did not come back from harakiri: the worker takes no more requests and is replaced. */
    private void replaceStuck(WorkerHandle worker) {
        console.log("drover worker " + worker.index() + " (pid: " + worker.pid()
                + "): a request thread did not return within harakiri-mercy " + lifecycle.harakiriMercy()
                + " s; the worker takes no new requests, finishes the others and is replaced");
        worker.retire(TimeUnit.SECONDS.toNanos(lifecycle.workerReloadMercy()));
        if (current.get(worker.index()) == worker) {
            current.remove(worker.index());
            respawnAt.put(worker.index(), System.nanoTime());
        }
    }

    private void recycle() {
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        for (WorkerHandle worker : current.values()) {
            if (now - recycleAfter.getOrDefault(worker.index(), now) < 0) {
                continue; // its last replacement failed; wait before the next
            }
            String reason = recycler.reason(worker);
            if (reason != null && !queued(worker.index())) {
                console.log("drover: recycling worker " + worker.index() + " (pid: " + worker.pid() + "): " + reason);
                metrics.recycled();
                pending.add(new Replacement(worker.index(), false));
            }
        }
    }

    /** The apps of the next generation; a mount that names no app yet is logged. */
    private AppSnapshot takeApps() throws IOException {
        AppSnapshot taken = AppSnapshot.take(runtime, nextGeneration++, config);
        for (String mount : taken.waitingMounts()) {
            console.log("drover: mount " + mount + ": no app of that name yet; it waits for its jar in app-dir");
        }
        return taken;
    }

    private boolean queued(int index) {
        return active != null && active.index == index || pending.stream().anyMatch(r -> r.index == index);
    }

    /**
     * Starts a rolling reload: a new copy of the jars, then each worker replaced in turn.
     *
     * @return null if it started, else why not
     */
    private String reload(String reason) {
        if (stopping) {
            return "the server is stopping";
        }
        if (!everReady) {
            console.log("drover: " + reason + ": the server is still starting; reload once it is ready");
            return "the server is still starting; reload once it is ready";
        }
        if (reloading()) {
            console.log("drover: " + reason + ": a reload is already under way; send it again once it is finished");
            return "a reload is already under way; send it again once it is finished";
        }
        triggers.reloaded();
        try {
            previousApps = apps;
            apps = takeApps();
        } catch (IOException | RuntimeException e) {
            apps = previousApps;
            previousApps = null;
            console.log("drover: reload aborted: " + e.getMessage() + "; the old workers keep serving");
            return "reload aborted: " + e.getMessage() + "; the old workers keep serving";
        }
        console.log("drover: reloading (" + reason + "): replacing " + current.size()
                + " workers one at a time, each once its replacement is ready");
        for (int index : current.keySet()) {
            pending.removeIf(r -> r.index == index);
            pending.add(new Replacement(index, true));
        }
        return null;
    }

    private void advanceReplacements() {
        while (active == null && !pending.isEmpty() && !stopping) {
            Replacement next = pending.poll();
            WorkerHandle old = current.get(next.index);
            if (old == null || next.reload && old.apps() == apps) {
                continue; // it is respawning, or was spawned with the current jars already
            }
            if (old.state() != WorkerHandle.State.READY) {
                if (!next.reload) {
                    continue; // a recycle: it is being replaced already
                }
                // still booting, on the old jars: it serves nothing yet, so start over with the new
                old.retire(0);
                current.remove(next.index);
                respawnAt.put(next.index, System.nanoTime());
                continue;
            }
            next.old = old;
            next.fresh = spawn(next.index);
            if (next.fresh != null) {
                active = next;
            } else if (next.reload) {
                abortReload("cannot start a new worker " + next.index);
            }
        }
    }

    private void manageWorkers() {
        if (stopping) {
            return;
        }
        long now = System.nanoTime();
        for (int index = 1; index <= target; index++) {
            if (!current.containsKey(index)
                    && !(active != null && active.index == index)
                    && now - respawnAt.getOrDefault(index, 0L) >= 0) {
                spawnWorker(index);
            }
        }
    }

    private void signal(String name) {
        switch (name) {
            case "HUP" -> reload("SIGHUP");
            case "TTIN" -> {
                target++;
                console.log("drover: SIGTTIN: one worker more, " + target + " now");
            }
            case "TTOU" -> {
                if (target == 1) {
                    console.log("drover: SIGTTOU: keeping the last worker");
                    return;
                }
                WorkerHandle last = current.remove(target);
                pending.removeIf(r -> r.index == target);
                if (active != null && active.index == target) {
                    active.fresh.kill();
                    active = null;
                }
                target--;
                console.log("drover: SIGTTOU: one worker less, " + target + " now");
                if (last != null) {
                    last.retire(TimeUnit.SECONDS.toNanos(lifecycle.workerReloadMercy()));
                }
            }
            default -> stop("SIG" + name);
        }
    }

    /** The commands of {@code drover ctl} and, by their uWSGI letters, of the master FIFO. */
    static final String COMMANDS = "reload (r, w, c), stop (q), stop-now (Q), add-worker (+), remove-worker (-), "
            + "stats (s), reopen-logs (l), status, apps";

    private void command(String source, String name, CompletableFuture<SupervisorEvent.Command.Reply> reply) {
        console.log("drover: " + source + ": " + name);
        switch (name) {
            case "reload", "r", "w", "c" -> {
                String problem = reload(source + " " + name);
                if (problem != null) {
                    reply.complete(new SupervisorEvent.Command.Reply(false, problem));
                } else {
                    reloadWaiters.add(reply); // answered when the reload finishes or is aborted
                }
            }
            case "stop", "q" -> {
                if (stopping) {
                    reply.complete(
                            ok("already stopping: " + front.inFlight() + " requests left; stop-now cuts them off"));
                } else {
                    reply.complete(ok("graceful stop: finishing " + front.inFlight() + " requests"));
                    stop(source + " " + name);
                }
            }
            case "stop-now", "Q" -> {
                reply.complete(ok("stopping at once"));
                stopNow(source + " " + name);
            }
            case "add-worker", "+" -> {
                signal("TTIN");
                reply.complete(ok("one worker more: " + target + " now"));
            }
            case "remove-worker", "-" -> {
                if (target == 1) {
                    reply.complete(new SupervisorEvent.Command.Reply(false, "keeping the last worker"));
                } else {
                    signal("TTOU");
                    reply.complete(ok("one worker less: " + target + " now"));
                }
            }
            case "stats", "s" -> reply.complete(ok(statsDocument()));
            case "apps" -> reply.complete(ok(apps.table() + (reloading() ? "reloading\n" : "")));
            case "reopen-logs", "l" -> {
                reopenLogs.run();
                reply.complete(ok("logs reopened"));
            }
            case "status" -> {
                long ready = current.values().stream()
                        .filter(w -> w.state() == WorkerHandle.State.READY)
                        .count();
                reply.complete(ok("master pid " + ProcessHandle.current().pid() + ": " + ready + " of " + target
                        + " workers ready, apps of generation " + apps.generation() + ", " + front.inFlight()
                        + " requests in flight" + (reloading() ? ", reloading" : "") + (stopping ? ", stopping" : "")));
            }
            default ->
                reply.complete(
                        new SupervisorEvent.Command.Reply(false, "unknown command '" + name + "'; known: " + COMMANDS));
        }
    }

    private static SupervisorEvent.Command.Reply ok(String text) {
        return new SupervisorEvent.Command.Reply(true, text);
    }

    private void answerReloadWaiters(boolean ok, String text) {
        for (CompletableFuture<SupervisorEvent.Command.Reply> waiter : reloadWaiters) {
            waiter.complete(new SupervisorEvent.Command.Reply(ok, text));
        }
        reloadWaiters.clear();
    }

    private void stop(String reason) {
        if (stopping) {
            stopNow(reason + " again");
            return;
        }
        stopping = true;
        answerReloadWaiters(false, "the server is stopping; the reload was cut short");
        stopDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(lifecycle.gracefulTimeout());
        console.log("drover: " + reason + ": graceful stop; finishing " + front.inFlight() + " requests, "
                + dispatcher.queued() + " of them queued (send it again to stop at once)");
        front.stopAccepting();
    }

    /** Kills every worker and ends the master (exit code 1): requests in flight are cut off. */
    private void stopNow(String reason) {
        answerReloadWaiters(false, "the server stopped at once; the reload was cut short");
        console.log("drover: " + reason + ": stopping at once");
        killAll();
        halt(null, ExitCodes.FAILURE);
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
            for (WorkerHandle worker : live) {
                worker.retire(STOP_MERCY);
            }
            stopsSent = true;
            stopsSentAt = now;
        }
        if (stopsSent) {
            for (WorkerHandle worker : live) {
                if (now - stopsSentAt > STOP_MERCY && !worker.killed()) {
                    console.log("drover: " + worker + " did not stop within "
                            + TimeUnit.NANOSECONDS.toSeconds(STOP_MERCY) + " s; killing it");
                    worker.kill();
                }
            }
            if (live.isEmpty()) {
                console.log("drover: stopped");
                exitCode = ExitCodes.OK;
            }
        }
    }

    /** Ends the loop with this code, after logging the reason; returns the code. */
    private int halt(String reason, int code) {
        if (exitCode == null) {
            if (reason != null) {
                console.log(reason);
            }
            exitCode = code;
        }
        return exitCode;
    }

    /** Kills every worker process at once; called when the master exits, whatever the reason. */
    void killAll() {
        for (WorkerHandle worker : live) {
            worker.kill();
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
