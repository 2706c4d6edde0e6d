package org.drover.master;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;

/**
 * The per-request deadlines, checked on each turn of the supervisor: {@code slowlog} logs a
 * slow request's stack once; {@code harakiri} answers 504, logs the stuck thread's stack and
 * interrupts it. A deadline is kept per slot, so a sibling thread finishing a request changes
 * nothing, and firing it touches no other request.
 */
final class Deadlines {

    /** How long the stack of a stuck thread may take before the thread is interrupted without it. */
    private static final long DUMP_TIMEOUT = TimeUnit.SECONDS.toNanos(2);

    private final Lifecycle lifecycle;
    private final Console console;
    private final Executor executor;
    private final Metrics metrics;

    /**
     * @param metrics counts the harakiris
     * @param executor where the 504 and the INTERRUPT are sent from: they take the exchange's
     *     send lock, which a frozen worker's connection can hold for long, and the supervisor
     *     must never wait on a worker
     */
    Deadlines(Lifecycle lifecycle, Console console, Executor executor, Metrics metrics) {
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.console = console;
        this.executor = executor;
    }

    /**
     * Enforces the deadlines on the requests at these workers; returns the workers that have a
     * thread still stuck {@code harakiri-mercy} seconds after its harakiri.
     */
    List<WorkerHandle> check(Collection<WorkerHandle> workers) {
        List<WorkerHandle> stuck = new ArrayList<>();
        if (lifecycle.harakiri() == 0 && lifecycle.slowlog() == 0) {
            return stuck;
        }
        long now = System.nanoTime();
        for (WorkerHandle worker : workers) {
            if (worker.data() == null) {
                continue;
            }
            for (MasterSlot slot : worker.data().slots()) {
                Exchange exchange = slot.exchange();
                if (exchange != null && check(worker, slot, exchange, now) && !stuck.contains(worker)) {
                    stuck.add(worker);
                }
            }
        }
        return stuck;
    }

    /** Returns true if the slot's thread did not come back from its harakiri in time. */
    private boolean check(WorkerHandle worker, MasterSlot slot, Exchange exchange, long now) {
        long age = exchange.ageNanos(now);
        if (age == 0) {
            return false;
        }
        String where = "worker " + worker.index() + " (pid: " + worker.pid() + ") core " + slot.id();
        if (lifecycle.slowlog() > 0 && !exchange.slowlogged && age > TimeUnit.SECONDS.toNanos(lifecycle.slowlog())) {
            exchange.slowlogged = true;
            console.log("drover: slow request on " + where + ": " + exchange.describe() + " has run " + seconds(age)
                    + " s (slowlog " + lifecycle.slowlog() + " s); its stack follows");
            worker.requestStack(slot.id(), false);
        }
        if (lifecycle.harakiri() == 0) {
            return false;
        }
        if (exchange.harakiriAt == 0 && age > TimeUnit.SECONDS.toNanos(lifecycle.harakiri())) {
            exchange.harakiriAt = now;
            worker.countHarakiri();
            metrics.harakiri();
            console.log("drover: HARAKIRI on " + where + ": " + exchange.describe() + " has run " + seconds(age)
                    + " s (harakiri " + lifecycle.harakiri() + " s); 504 to the client; its stack follows, then"
                    + " the thread is interrupted");
            String reason = "the request ran past harakiri " + lifecycle.harakiri() + " s";
            executor.execute(() -> exchange.timeOut(reason));
            worker.requestStack(slot.id(), lifecycle.harakiriVerbose());
            return false;
        }
        if (exchange.harakiriAt != 0 && exchange.interruptedAt == 0 && now - exchange.harakiriAt > DUMP_TIMEOUT) {
            console.log("drover: no stack from " + where + " within " + TimeUnit.NANOSECONDS.toSeconds(DUMP_TIMEOUT)
                    + " s; interrupting the thread anyway");
            interrupt(exchange, now);
        }
        return exchange.interruptedAt != 0
                && worker.state() == WorkerHandle.State.READY
                && now - exchange.interruptedAt > TimeUnit.SECONDS.toNanos(lifecycle.harakiriMercy());
    }

    /** The stack of a slot arrived: if it was taken for a harakiri, now interrupt the thread. */
    void stackTaken(WorkerHandle worker, int slot) {
        if (worker.data() == null || slot < 0 || slot >= worker.data().slots().length) {
            return;
        }
        Exchange exchange = worker.data().slots()[slot].exchange();
        if (exchange != null && exchange.harakiriAt != 0 && exchange.interruptedAt == 0) {
            interrupt(exchange, System.nanoTime());
        }
    }

    private void interrupt(Exchange exchange, long now) {
        exchange.interruptedAt = now;
        executor.execute(exchange::interruptWorker);
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
