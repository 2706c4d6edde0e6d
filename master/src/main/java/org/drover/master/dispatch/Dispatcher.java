package org.drover.master.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each request a free worker slot, least-busy worker first, or a place in the bounded
 * queue (length {@code listen}); past that the request is refused, and the client gets 503. A
 * request whose session lives in one worker goes to that worker if it has an idle slot.
 * It alone decides which slots are idle: one lock guards the idle slots of every worker, the
 * queue, and which exchange each slot serves.
 *
 * <p>In cheaper mode it packs instead: a request goes to the worker ready longest that has an idle
 * slot, so that the workers the load does not need go idle and can be retired (least-busy-first
 * spreads a light load over every worker, and none ever idles). Only then does it measure what
 * cheaper mode decides on ({@link Occupancy}); without it, the request path does no more than
 * before.
 */
public final class Dispatcher {

    /** What became of a submitted exchange. */
    public enum Outcome {
        ASSIGNED,
        QUEUED,
        REFUSED
    }

    private final int listen;
    private long refused;
    /** Cheaper mode's measures, and the sign that it packs: null unless cheaper mode is on. */
    private final Occupancy occupancy;

    private final ArrayDeque<Exchange> queue = new ArrayDeque<>();
    /** The workers in service, in the order they became ready, with their idle slots. */
    private final Map<WorkerConnection, ArrayDeque<MasterSlot>> idle = new IdentityHashMap<>();

    private final List<WorkerConnection> workers = new ArrayList<>();

    /** @param cheaper whether to pack requests onto the workers ready longest, and measure them */
    public Dispatcher(int listen, boolean cheaper) {
        this.listen = listen;
        this.occupancy = cheaper ? new Occupancy() : null;
    }

    /** A dispatcher that spreads requests, least-busy worker first. */
    public Dispatcher(int listen) {
        this(listen, false);
    }

    /**
     * Assigns a slot to the exchange, or queues it. On {@link Outcome#ASSIGNED} the caller
     * starts the exchange on {@link Exchange#slot()}.
     */
    public synchronized Outcome submit(Exchange exchange) {
        MasterSlot slot = takeIdleSlot(exchange.affinity());
        if (slot != null) {
            assign(slot, exchange);
            return Outcome.ASSIGNED;
        }
        if (queue.size() < listen) {
            queue.add(exchange);
            if (occupancy != null) {
                occupancy.queued(queue.size());
            }
            return Outcome.QUEUED;
        }
        refused++;
        return Outcome.REFUSED;
    }

    /**
     * Returns a slot whose request has ended. If a request is waiting, the slot goes to it and
     * it is returned for the caller to start; otherwise the slot becomes idle.
     */
    synchronized Exchange release(MasterSlot slot) {
        if (occupancy != null && slot.exchange() != null) {
            occupancy.freed();
        }
        slot.assign(null);
        WorkerConnection worker = slot.worker();
        ArrayDeque<MasterSlot> free = idle.get(worker);
        if (free == null || !worker.accepting()) {
            return null; // out of service: its slots are not handed out again
        }
        Exchange next = queue.poll();
        if (next != null) {
            assign(slot, next);
            return next;
        }
        free.push(slot);
        if (occupancy != null && free.size() == worker.slots().length) {
            occupancy.idle(worker);
        }
        return null;
    }

    /** Takes a ready worker's slots into service; returns queued exchanges that got one, to start. */
    public synchronized List<Exchange> addWorker(WorkerConnection worker) {
        if (!worker.accepting()) {
            return List.of(); // its connection closed before it could serve
        }
        ArrayDeque<MasterSlot> free = new ArrayDeque<>();
        for (MasterSlot slot : worker.slots()) {
            free.push(slot);
        }
        idle.put(worker, free);
        workers.add(worker);
        if (occupancy != null) {
            occupancy.added(worker);
        }
        List<Exchange> started = new ArrayList<>();
        while (!queue.isEmpty()) {
            MasterSlot slot = takeIdleSlot(queue.peek().affinity());
            if (slot == null) {
                break;
            }
            Exchange next = queue.poll();
            assign(slot, next);
            started.add(next);
        }
        return started;
    }

    /**
     * Takes a worker out of service (it died or is draining); returns the exchanges that were
     * on its slots. Queued exchanges stay queued for the other workers.
     */
    synchronized List<Exchange> removeWorker(WorkerConnection worker) {
        boolean inService = workers.remove(worker);
        idle.remove(worker);
        List<Exchange> lost = new ArrayList<>();
        for (MasterSlot slot : worker.slots()) {
            Exchange exchange = slot.exchange();
            if (exchange != null) {
                lost.add(exchange);
                slot.assign(null);
            }
        }
        if (occupancy != null && inService) {
            occupancy.removed(worker, lost.size());
        }
        return lost;
    }

    /** Empties the queue, for a server that stops with requests still waiting; returns them. */
    public synchronized List<Exchange> drainQueue() {
        List<Exchange> waiting = new ArrayList<>(queue);
        queue.clear();
        return waiting;
    }

    /** Removes an exchange still waiting in the queue (its client went away); true if it was there. */
    synchronized boolean withdraw(Exchange exchange) {
        return queue.remove(exchange);
    }

    /** The exchanges on this worker's slots, taken under the lock that hands slots out. */
    public synchronized List<Exchange> exchangesOn(WorkerConnection worker) {
        List<Exchange> running = new ArrayList<>();
        for (MasterSlot slot : worker.slots()) {
            if (slot.exchange() != null) {
                running.add(slot.exchange());
            }
        }
        return running;
    }

    /** Requests refused with 503 because the queue was full. */
    public synchronized long refused() {
        return refused;
    }

    /** Requests waiting for a slot. */
    public synchronized int queued() {
        return queue.size();
    }

    /** What cheaper mode reads once a second (cheaper mode only): its measures since the last call. */
    public synchronized Occupancy.Sample sample() {
        return occupancy.take(queue.size());
    }

    /**
     * Since when this worker in service has had no request, or -1 while one of its slots has one
     * (or it is not in service); cheaper mode only.
     */
    public synchronized long idleSince(WorkerConnection worker) {
        return occupancy.idleSince(worker);
    }

    private void assign(MasterSlot slot, Exchange exchange) {
        slot.assign(exchange);
        exchange.assigned(slot);
        if (occupancy != null) {
            occupancy.assigned(slot.worker(), queue.size());
        }
    }

    /**
     * An idle slot of worker {@code affinity} if it is accepting and has one; else of the
     * accepting worker with the most idle slots, ties going to the one ready first; or, when
     * packing, of the first accepting worker, in the order they became ready, that has one.
     */
    private MasterSlot takeIdleSlot(int affinity) {
        ArrayDeque<MasterSlot> best = null;
        for (WorkerConnection worker : workers) {
            ArrayDeque<MasterSlot> free = idle.get(worker);
            if (!worker.accepting() || free.isEmpty()) {
                continue;
            }
            if (worker.id().index() == affinity) {
                return free.pop();
            }
            if (occupancy != null && affinity == 0) {
                return free.pop();
            }
            if (best == null || occupancy == null && free.size() > best.size()) {
                best = free;
            }
        }
        return best == null ? null : best.pop();
    }
}
