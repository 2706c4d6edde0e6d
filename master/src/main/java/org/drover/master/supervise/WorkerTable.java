package org.drover.master.supervise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.drover.master.dispatch.Client;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Exchange;

/**
 * The supervisor's worker table, in two views: {@code current}, the worker serving (or spawning)
 * for each index, and {@code live}, every worker process, the retiring ones too. It also keeps
 * what outlives a process: how many workers each index has had, and the requests they served.
 * The supervisor's thread alone uses it.
 */
final class WorkerTable {

    private final Map<Integer, WorkerHandle> current = new TreeMap<>();
    private final List<WorkerHandle> live = new ArrayList<>();
    private final Map<Integer, Integer> spawns = new HashMap<>();
    /** Requests served by the processes of each index that have exited. */
    private final Map<Integer, Long> pastRequests = new HashMap<>();

    /** A process was spawned: it is live, not yet current. */
    void spawned(WorkerHandle worker) {
        live.add(worker);
        spawns.merge(worker.index(), 1, Integer::sum);
    }

    /**
     * Takes a live process that exited out of the table, and out of service; returns whether it
     * was the current worker of its index.
     */
    boolean reaped(WorkerHandle worker) {
        worker.reaped();
        live.remove(worker);
        pastRequests.merge(worker.index(), worker.counters().requests(), Long::sum);
        return current.remove(worker.index(), worker);
    }

    /** Every worker process alive. */
    List<WorkerHandle> live() {
        return live;
    }

    boolean isLive(WorkerHandle worker) {
        return live.contains(worker);
    }

    /** The worker process with this index and pid, or null. */
    WorkerHandle find(int index, long pid) {
        for (WorkerHandle worker : live) {
            if (worker.index() == index && worker.pid() == pid) {
                return worker;
            }
        }
        return null;
    }

    /** The worker serving (or spawning) for an index, or null. */
    WorkerHandle current(int index) {
        return current.get(index);
    }

    boolean isCurrent(WorkerHandle worker) {
        return current.get(worker.index()) == worker;
    }

    void makeCurrent(WorkerHandle worker) {
        current.put(worker.index(), worker);
    }

    /** Takes the index's worker out of the current view (it stays live until it exits). */
    WorkerHandle removeCurrent(int index) {
        return current.remove(index);
    }

    /** The current workers, in index order. */
    Collection<WorkerHandle> currents() {
        return current.values();
    }

    /** True if every one of these indexes, and no other, has a current worker, and each one is ready. */
    boolean allReady(Set<Integer> indexes) {
        return current.keySet().equals(indexes)
                && current.values().stream().allMatch(w -> w.state() == WorkerState.READY);
    }

    /** Whether a process of this index is alive, current or not. */
    boolean hasLive(int index) {
        return live.stream().anyMatch(w -> w.index() == index);
    }

    long readyCount() {
        return current.values().stream()
                .filter(w -> w.state() == WorkerState.READY)
                .count();
    }

    /** Every live worker as the stats show it, in index order. */
    List<ServerSnapshot.Worker> snapshot(Dispatcher dispatcher, int threads) {
        List<WorkerHandle> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingInt(WorkerHandle::index));
        long now = System.nanoTime();
        List<ServerSnapshot.Worker> workers = new ArrayList<>();
        for (WorkerHandle worker : sorted) {
            ServerSnapshot.Core[] cores = new ServerSnapshot.Core[worker.data() == null ? 0 : threads];
            for (int i = 0; i < cores.length; i++) {
                cores[i] = new ServerSnapshot.Core(i, null, null, 0);
            }
            if (worker.data() != null) {
                for (Exchange exchange : dispatcher.exchangesOn(worker.data())) {
                    Client client = exchange.client();
                    cores[exchange.core()] = new ServerSnapshot.Core(
                            exchange.core(), client.method(), client.uri(), exchange.ageNanos(now));
                }
            }
            long requests = worker.counters().requests();
            workers.add(new ServerSnapshot.Worker(
                    worker.index(),
                    worker.pid(),
                    worker.state(),
                    isCurrent(worker),
                    pastRequests.getOrDefault(worker.index(), 0L) + requests,
                    requests,
                    worker.harakiris(),
                    ProcFiles.residentBytes(worker.pid()),
                    ProcFiles.virtualBytes(worker.pid()),
                    worker.counters().requestNanos(),
                    worker.spawnedAtMillis(),
                    spawns.getOrDefault(worker.index(), 1) - 1,
                    worker.counters().tx(),
                    worker.stats(),
                    List.of(cores)));
        }
        return workers;
    }
}
