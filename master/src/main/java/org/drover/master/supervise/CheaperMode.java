package org.drover.master.supervise;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.drover.master.cheaper.CheaperAlgorithm;
import org.drover.master.cheaper.Decision;
import org.drover.master.cheaper.Load;
import org.drover.master.config.Cheaper;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Occupancy;
import org.drover.master.log.Console;

/**
 * Cheaper mode on the supervisor's loop: once a second it tells the algorithm what the workers
 * did and carries out its decision within {@code cheaper}..{@code processes}: a spawn takes the
 * lowest free index; a retirement takes the idlest ready worker, one at a time, never the only
 * one ready, and lets it finish what it has. Every decision is one log line with its reason, and
 * counted by reason. The supervisor's thread alone uses it.
 */
final class CheaperMode {

    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Cheaper config;
    private final CheaperAlgorithm algorithm;
    private final Scale scale;
    private final WorkerTable table;
    private final Dispatcher dispatcher;
    private final Console console;
    private final int threads;
    private final Map<String, Long> spawns = new TreeMap<>();
    private final Map<String, Long> retirements = new TreeMap<>();
    private long lastCheck = System.nanoTime();
    /** The last worker cheaper mode retired, until it has exited: one retirement at a time. */
    private WorkerHandle retiring;

    CheaperMode(
            Cheaper config,
            int processes,
            int threads,
            Scale scale,
            WorkerTable table,
            Dispatcher dispatcher,
            Console console) {
        this.config = config;
        this.threads = threads;
        this.scale = scale;
        this.table = table;
        this.dispatcher = dispatcher;
        this.console = console;
        this.algorithm = CheaperAlgorithm.of(config, processes, console::log);
        console.log("drover: cheaper mode (" + config.algorithm().key() + "): " + config.initial() + " workers at"
                + " start, from " + config.min() + " to " + processes + ", " + config.step() + " at a time");
    }

    /**
     * Checks once a second; {@code hold} (the server starts, reloads or stops) measures but
     * changes nothing, as uWSGI's cheaper waits out a reload.
     */
    void turn(long now, boolean hold, long mercyNanos) {
        if (now - lastCheck < CHECK_NANOS) {
            return;
        }
        lastCheck = now;
        Occupancy.Sample held = dispatcher.sample();
        int running = 0;
        int busy = 0;
        WorkerHandle idlest = null;
        long idlestSince = Long.MAX_VALUE;
        for (int index : scale.indexes()) {
            WorkerHandle worker = table.current(index);
            if (worker == null || worker.state() != WorkerState.READY) {
                continue;
            }
            running++;
            long since = dispatcher.idleSince(worker.data());
            if (since < 0) {
                busy++;
            } else if (since <= idlestSince) { // ties: the higher index, spawned later
                idlest = worker;
                idlestSince = since;
            }
        }
        Load load = new Load(
                now,
                running,
                scale.count() - running,
                busy,
                threads,
                held.peak(),
                held.queued(),
                held.busySlotNanos(),
                held.slotNanos(),
                idlest == null ? 0 : now - idlestSince,
                idlest != null
                        && running >= 2
                        && scale.count() > scale.min()
                        && (retiring == null || !table.isLive(retiring)));
        Decision decision = algorithm.decide(load);
        if (hold) {
            return;
        }
        if (decision.spawns()) {
            spawn(decision);
        } else if (decision.retires()) {
            retire(decision, idlest, running, load.idlestNanos(), mercyNanos);
        }
    }

    private void spawn(Decision decision) {
        int spawned = 0;
        StringBuilder indexes = new StringBuilder();
        while (spawned < decision.workers()) {
            int index = scale.add();
            if (index == 0) {
                break; // at processes
            }
            indexes.append(spawned == 0 ? "" : ", ").append(index);
            spawned++;
        }
        if (spawned > 0) {
            spawns.merge(decision.label(), (long) spawned, Long::sum);
            console.log("cheaper: " + decision.reason() + ", spawning worker" + (spawned == 1 ? " " : "s ") + indexes
                    + " (" + scale.count() + " of " + scale.max() + ")");
        }
    }

    private void retire(Decision decision, WorkerHandle idlest, int running, long idleNanos, long mercyNanos) {
        if (retiring != null && table.isLive(retiring)) {
            return; // the last one still drains
        }
        if (idlest == null || running < 2 || scale.count() <= scale.min()) {
            return; // every worker has a request, or this is the only one ready, or at cheaper
        }
        retiring = idlest;
        scale.remove(idlest.index(), mercyNanos);
        retirements.merge(decision.label(), 1L, Long::sum);
        console.log("cheaper: " + decision.reason() + ", retiring worker " + idlest.index() + " (idle "
                + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s; " + scale.count() + " of " + scale.max()
                + " left)");
    }

    /** An operator changed the count (SIGTTIN, SIGTTOU, the FIFO, ctl): counted as theirs. */
    void operated(boolean grew) {
        (grew ? spawns : retirements).merge("operator", 1L, Long::sum);
    }

    ServerSnapshot.Cheaper snapshot() {
        return new ServerSnapshot.Cheaper(
                config.algorithm().key(),
                scale.count(),
                scale.min(),
                scale.max(),
                Collections.unmodifiableMap(new TreeMap<>(spawns)),
                Collections.unmodifiableMap(new TreeMap<>(retirements)));
    }
}
