package org.drover.master.supervise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.drover.master.apps.AppLoadException;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.apps.ReloadTriggers;
import org.drover.master.config.Lifecycle;
import org.drover.master.config.ServerConfig;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Exchange;
import org.drover.master.log.Console;
import org.drover.wire.ExitCodes;

/**
 * Keeps the workers alive: spawns them, respawns the ones that die, replaces the ones that are
 * due (recycling, reload, a thread stuck after harakiri), and stops them all on a signal. One
 * thread runs the loop and owns the worker table; everything else only posts events. Each turn:
 * take events, enforce deadlines, recycle, reload, spawn to reach the target, check the stop.
 */
public final class Supervisor {

    private static final long TICK_MILLIS = 200;

    private final ServerConfig config;
    private final Console console;
    private final Dispatcher dispatcher;
    private final Listeners listeners;
    private final Executor executor;
    private final BlockingQueue<SupervisorEvent> events = new LinkedBlockingQueue<>();
    private final WorkerTable table = new WorkerTable();
    private final Respawns respawns;
    private final Replacements replacements;
    private final Spawner spawner;
    private final SharedArchive archive;
    private final Scale scale;
    /** Null unless cheaper mode is on. */
    private final CheaperMode cheaper;

    private final Reloads reloads;
    private final GracefulStop stop;
    private final Health health = new Health();
    private final ServiceManager serviceManager;
    private final Deadlines deadlines;
    private final Retirements retirements;
    private final Recycler recycler;
    private final ReloadTriggers triggers;
    /** How long a retired worker may take to finish its requests: worker-reload-mercy. */
    private final long reloadMercy;

    private boolean everReady;
    private long respawned;
    private Integer exitCode;

    /**
     * @param executor where requests that waited in the queue are started when a worker becomes ready
     * @param runtime the runtime directory, where each generation's copy of the apps goes
     * @param serviceManager told where the server is at the end of every turn (systemd)
     */
    public Supervisor(
            ServerConfig config,
            Console console,
            Dispatcher dispatcher,
            WorkerCommand command,
            Listeners listeners,
            Executor executor,
            Path runtime,
            ServiceManager serviceManager) {
        this.config = config;
        this.serviceManager = serviceManager;
        Lifecycle lifecycle = config.lifecycle();
        this.reloadMercy = TimeUnit.SECONDS.toNanos(lifecycle.workerReloadMercy());
        this.console = console;
        this.dispatcher = dispatcher;
        this.listeners = listeners;
        this.executor = executor;
        this.respawns = new Respawns(console);
        this.replacements = new Replacements(table, respawns, console);
        this.archive = SharedArchive.in(config.cdsDir(), command.classPath(), System.getProperty("java.home"), console);
        this.spawner =
                new Spawner(command, config.threads(), table, console, dispatcher, executor, this::post, archive);
        this.scale = new Scale(config.processes(), config.cheaper(), table, replacements, respawns, console);
        this.cheaper = config.cheaper().on()
                ? new CheaperMode(
                        config.cheaper(), config.processes(), config.threads(), scale, table, dispatcher, console)
                : null;
        this.triggers = new ReloadTriggers(lifecycle, config.apps(), config.appDirs(), config.appDirPoll());
        this.reloads = new Reloads(runtime, config, console, table, replacements, triggers);
        this.stop = new GracefulStop(lifecycle, console, listeners, dispatcher, reloads);
        this.deadlines = new Deadlines(lifecycle, console, executor, dispatcher);
        this.retirements = new Retirements(lifecycle, console, dispatcher, deadlines, table, respawns);
        this.recycler = new Recycler(lifecycle, console);
    }

    public void post(SupervisorEvent event) {
        events.add(event);
    }

    /**
     * Takes the apps and spawns the first workers, which boot while the master starts its
     * listeners' handlers; what they report waits for {@link #run()}. Call once, before it.
     */
    public void spawnFirstWorkers() {
        try {
            reloads.start();
        } catch (AppLoadException e) {
            halt("drover: cannot load the app: " + e.getMessage(), ExitCodes.APP_LOAD);
            return;
        } catch (IOException e) {
            halt("drover: " + e.getMessage(), ExitCodes.FAILURE);
            return;
        }
        for (int index : scale.indexes()) {
            if (exitCode == null) {
                spawnWorker(index);
            }
        }
    }

    /** Whether the start has failed already (the apps, or a spawn); {@link #run()} then returns its code at once. */
    public boolean failed() {
        return exitCode != null;
    }

    /** Runs until the server stops, once the first workers are spawned; returns the exit code. */
    public int run() {
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
                turn();
            }
        }
        return exitCode;
    }

    /** The work of one turn, after its events, in a fixed order. */
    private void turn() {
        retirements.replaceStuck(deadlines.check(table.live()), reloadMercy);
        for (WorkerHandle worker : new ArrayList<>(table.live())) {
            reapIfDone(worker); // exited, and its control connection did not end in time
        }
        if (!stop.stopping()) {
            recycler.recycle(table.currents(), replacements);
        }
        // A change seen during a reload waits for it: the triggers see it on a later turn.
        // Nor does one during the first start: the triggers see it once the server is ready.
        String reload = stop.stopping() || reloads.reloading() || !everReady ? null : triggers.check();
        if (reload != null) {
            reload(reload);
        }
        if (!stop.stopping()) {
            String problem = replacements.advance(reloads.current(), this::spawn);
            if (problem != null) {
                reloads.abort(problem);
            }
        }
        reloads.finishIfDone(scale.indexes());
        retirements.check(table.live());
        if (cheaper != null) {
            cheaper.turn(System.nanoTime(), stop.stopping() || reloads.reloading() || !everReady, reloadMercy);
        }
        manageWorkers();
        if (stop.check(table.live())) {
            console.log("drover: stopped");
            exitCode = ExitCodes.OK;
        }
        long now = System.nanoTime();
        ServiceState state = serviceState();
        health.turned(now, readiness(state));
        serviceManager.turned(now, state);
    }

    private ServiceState serviceState() {
        ServiceState.Phase phase = stop.stopping()
                ? ServiceState.Phase.STOPPING
                : !everReady
                        ? ServiceState.Phase.STARTING
                        : reloads.reloading() ? ServiceState.Phase.RELOADING : ServiceState.Phase.READY;
        int ready = 0;
        for (WorkerHandle worker : table.live()) {
            if (worker.state() == WorkerState.READY) {
                ready++;
            }
        }
        return new ServiceState(phase, ready, scale.count(), reloads.lastOutcome());
    }

    /** Why a load balancer should send no traffic now, or null: the readiness probe's answer. */
    private String readiness(ServiceState state) {
        if (stop.stopping()) {
            return stop.draining() ? "draining: the server is about to stop" : "the server is stopping";
        }
        if (state.ready() > 0) {
            return null;
        }
        return everReady ? "no worker is ready" : "no worker is ready yet";
    }

    /** What the probes see, written at the end of every turn of the loop. */
    public Health health() {
        return health;
    }

    private void handle(SupervisorEvent event) {
        if (event instanceof SupervisorEvent.Connected c) {
            WorkerHandle worker = spawner.connected(c.hello(), c.channel(), c.reader());
            if (worker != null && worker.loaded()) {
                activate(worker);
            }
        } else if (event instanceof SupervisorEvent.Ready r && table.isLive(r.worker())) {
            console.log("drover " + r.worker() + " ready: " + r.description() + " (booted in "
                    + TimeUnit.NANOSECONDS.toMillis(r.worker().ageNanos()) + " ms)");
            if (r.worker().markLoaded()) {
                activate(r.worker());
            }
        } else if (event instanceof SupervisorEvent.LoadFailed f) {
            loadFailed(f.worker(), f.message());
        } else if (event instanceof SupervisorEvent.Pinged p) {
            p.worker().stats(p.stats());
        } else if (event instanceof SupervisorEvent.Stack s) {
            deadlines.stackTaken(s.worker(), s.slot(), s.text());
        } else if (event instanceof SupervisorEvent.ProtocolBroken b && table.isLive(b.worker())) {
            console.log("drover " + b.worker() + " broke the protocol: " + b.message() + "; killing it");
            b.worker().kill();
        } else if (event instanceof SupervisorEvent.ControlClosed c) {
            c.worker().controlClosed();
            reapIfDone(c.worker());
        } else if (event instanceof SupervisorEvent.Exited e) {
            e.worker().exited(e.code());
            reapIfDone(e.worker());
        } else if (event instanceof SupervisorEvent.Stop s && !stop.begin(s.source())) {
            stopNow(s.source() + " again"); // the second signal stops at once
        } else if (event instanceof SupervisorEvent.Operate o) {
            operate(o.source(), o.operation(), o.reply());
        } else if (event instanceof SupervisorEvent.SnapshotRequest r) {
            r.snapshot().complete(snapshot());
        }
    }

    private ServerSnapshot snapshot() {
        AppSnapshot apps = reloads.current();
        return new ServerSnapshot(
                ProcessHandle.current().pid(),
                listeners.inFlight(),
                dispatcher.queued(),
                dispatcher.refused(),
                scale.count(),
                table.readyCount(),
                reloads.reloading(),
                stop.stopping(),
                apps.generation(),
                apps.taken(),
                apps.listing(),
                table.snapshot(dispatcher, config.threads()),
                respawned,
                recycler.recycled(),
                deadlines.harakiris(),
                cheaper == null ? null : cheaper.snapshot());
    }

    private WorkerHandle spawn(int index) {
        try {
            return spawner.spawn(index, reloads.current());
        } catch (IOException e) {
            if (!everReady) {
                halt("drover: cannot start worker " + index + ": " + e.getMessage(), ExitCodes.BOOT);
            } else {
                console.log("drover: cannot start worker " + index + ": " + e.getMessage()
                        + (table.current(index) != null ? "" : "; trying again in 1 s"));
                respawns.after(index, TimeUnit.SECONDS.toNanos(1));
            }
            return null;
        }
    }

    private void spawnWorker(int index) {
        if (everReady && respawns.respawning(index)) {
            respawned++; // the index lost its worker (an index just added by TTIN or cheaper mode did not)
        }
        WorkerHandle worker = spawn(index);
        if (worker != null) {
            table.makeCurrent(worker);
        }
    }

    /** Puts a ready worker in service; if it replaces another, that one now drains. */
    private void activate(WorkerHandle worker) {
        if (worker.state() != WorkerState.SPAWNING || worker.killed() || !table.isLive(worker)) {
            return; // killed or retired before it could serve
        }
        boolean fresh = replacements.isFresh(worker);
        if (stop.stopping() && (stop.stopsSent() || fresh)) {
            worker.retire(GracefulStop.MERCY_NANOS); // a current worker serves the queue while the stop waits
            return;
        }
        worker.state(WorkerState.READY);
        for (Exchange exchange : dispatcher.addWorker(worker.data())) {
            executor.execute(exchange::start);
        }
        if (fresh) {
            replacements.finish(worker, scale.indexes(), reloadMercy);
        }
        if (!everReady && table.allReady(scale.indexes())) {
            everReady = true;
            console.log("drover ready: " + scale.count() + "×" + config.threads() + " on " + listeners.describe());
            SharedArchive.recordMaster(config.cdsDir(), console);
        }
    }

    private void loadFailed(WorkerHandle worker, String message) {
        worker.loadFailure(message);
        if (replacements.isFresh(worker)) {
            failReplacement(message);
        } else if (!everReady) {
            halt("drover: cannot load the app: " + message, ExitCodes.APP_LOAD);
        } else if (reloads.onNewApps(worker)) {
            // respawned during the reload, on its new apps, outside a replacement: they fail all the same
            worker.kill();
            reloads.abort("worker " + worker.index() + " cannot load the new apps: " + message);
        } else {
            console.log("drover " + worker + " cannot load the app: " + message);
        }
    }

    private void failReplacement(String reason) {
        String abort = replacements.fail(reason);
        if (abort != null) {
            reloads.abort(abort);
        }
    }

    private void reapIfDone(WorkerHandle worker) {
        if (worker.reapable() && table.isLive(worker)) {
            reap(worker, worker.exitCode());
        }
    }

    /** A worker process exited: take it out of service and schedule its replacement. */
    private void reap(WorkerHandle worker, int code) {
        boolean wasCurrent = table.reaped(worker);
        reloads.deleteIfUnused(worker.apps());
        if (worker.recordsArchive()) {
            archive.recorded(worker.toString());
        }
        String withCode = code == 0 ? "" : " with code " + code;
        if (replacements.isFresh(worker) && stop.stopping()) {
            replacements.stopped(); // retired by the stop before it served: no replacement failed
            console.log("drover " + worker + " stopped before it was ready");
        } else if (replacements.isFresh(worker)) {
            failReplacement(worker.whyNotReady(config.lifecycle().workerBootTimeout()));
        } else if (!wasCurrent) {
            console.log("drover " + worker + " retired" + withCode);
        } else if (stop.stopping()) {
            console.log("drover " + worker + " stopped" + withCode);
        } else {
            died(worker, code);
        }
    }

    /** A current worker died: stop if it never served, else respawn it after its backoff. */
    private void died(WorkerHandle worker, int code) {
        console.log("drover " + worker + " died with code " + code + (worker.loaded() ? "" : " before it was ready"));
        if (!everReady && !worker.loaded()) {
            String reason = worker.loadFailure();
            halt(
                    reason != null
                            ? "drover: cannot load the app: " + reason
                            : "drover: worker " + worker.index() + " exited with code " + code
                                    + " before it was ready; see its output above",
                    reason != null ? ExitCodes.APP_LOAD : ExitCodes.BOOT);
            return;
        }
        if (reloads.onNewApps(worker) && !worker.loaded()) {
            // respawned during the reload on its new apps, it never got ready: they go back
            reloads.abort("worker " + worker.index() + ", started on the new apps, exited with code " + code
                    + " before it was ready");
        }
        respawns.died(worker.index(), worker.lifetimeNanos());
    }

    /** Starts a rolling reload, unless the server is starting or stopping; returns null, or why not. */
    private String reload(String reason) {
        if (!stop.stopping()) {
            listeners.reloadCertificates(); // as nginx's reload: new connections get the new pair
        }
        String problem = stop.stopping()
                ? "the server is stopping"
                : !everReady ? "the server is still starting; reload once it is ready" : reloads.begin(reason);
        if (problem != null) {
            console.log("drover: " + reason + ": " + problem);
        }
        return problem;
    }

    private void manageWorkers() {
        if (stop.stopping()) {
            return;
        }
        long now = System.nanoTime();
        for (int index : scale.indexes()) {
            if (table.current(index) == null && !replacements.running(index) && respawns.due(index, now)) {
                spawnWorker(index);
            }
        }
    }

    /** A command that changes the server; {@code who} sent it, such as {@code ctl reload} or {@code SIGHUP}. */
    private void operate(String who, Operation operation, CompletableFuture<Reply> reply) {
        switch (operation) {
            case RELOAD -> {
                String problem = reload(who);
                if (problem == null) {
                    reloads.await(reply); // answered when the reload finishes or is aborted
                } else {
                    reply.complete(Reply.error(problem));
                }
            }
            case STOP -> {
                if (stop.stopping()) {
                    reply.complete(Reply.ok(
                            "already stopping: " + listeners.inFlight() + " requests left; stop-now cuts them off"));
                } else {
                    stop.begin(who);
                    reply.complete(Reply.ok(
                            stop.draining()
                                    ? "draining for " + config.lifecycle().drainDelay() + " s, then a graceful stop"
                                    : "graceful stop: finishing " + listeners.inFlight() + " requests"));
                }
            }
            case STOP_NOW -> {
                reply.complete(Reply.ok("stopping at once"));
                stopNow(who);
            }
            case ADD_WORKER -> reply.complete(counted(scale.grow(who), true));
            case REMOVE_WORKER -> reply.complete(counted(scale.shrink(who, reloadMercy), false));
            default -> reply.complete(Reply.error(operation + " is not the supervisor's to run"));
        }
    }

    /** Counts an operator's change of the count as cheaper mode's decision, when it is on. */
    private Reply counted(Reply reply, boolean grew) {
        if (reply.ok() && cheaper != null) {
            cheaper.operated(grew);
        }
        return reply;
    }

    /** Kills every worker and ends the master (exit code 1): requests in flight are cut off. */
    private void stopNow(String reason) {
        reloads.answer(Reply.error("the server stopped at once; the reload was cut short"));
        console.log("drover: " + reason + ": stopping at once");
        killAll();
        halt(null, ExitCodes.FAILURE);
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
    public void killAll() {
        for (WorkerHandle worker : table.live()) {
            worker.kill();
        }
    }
}
