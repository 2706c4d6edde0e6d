package org.drover.master.supervise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.Exchange;
import org.drover.master.log.Console;

/**
 * The per-request deadlines, checked on each turn of the supervisor: {@code slowlog} logs a
 * slow request's stack once; {@code harakiri} answers 504, logs the stuck thread's stack and
 * interrupts it. A deadline is kept per slot, so a sibling thread finishing a request changes
 * nothing, and firing it touches no other request. What has been done to each request is kept
 * here, on the supervisor's thread, never on the exchange.
 */
final class Deadlines {

    /** How long the stack of a stuck thread may take before the thread is interrupted without it. */
    private static final long DUMP_TIMEOUT = TimeUnit.SECONDS.toNanos(2);

    /** What has been done to one request so far. */
    private static final class Marks {
        boolean slowlogged;
        long harakiriAt;
        long interruptedAt;
    }

    private final Lifecycle lifecycle;
    private final Console console;
    private final Executor executor;
    private final Dispatcher dispatcher;
    private final Map<Exchange, Marks> marks = new IdentityHashMap<>();
    private long harakiris;

    /**
     * @param executor where the 504 and the INTERRUPT are sent from: they take the exchange's
     *     send lock, which a frozen worker's connection can hold for long, and the supervisor
     *     must never wait on a worker
     */
    Deadlines(Lifecycle lifecycle, Console console, Executor executor, Dispatcher dispatcher) {
        this.lifecycle = lifecycle;
        this.console = console;
        this.executor = executor;
        this.dispatcher = dispatcher;
    }

    /** Requests killed by harakiri since the start. */
    long harakiris() {
        return harakiris;
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
        Set<Exchange> running = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WorkerHandle worker : workers) {
            if (worker.data() == null) {
                continue;
            }
            for (Exchange exchange : dispatcher.exchangesOn(worker.data())) {
                running.add(exchange);
                if (check(worker, exchange, now) && !stuck.contains(worker)) {
                    stuck.add(worker);
                }
            }
        }
        marks.keySet().retainAll(running); // the requests that ended
        return stuck;
    }

    /** Returns true if the slot's thread did not come back from its harakiri in time. */
    private boolean check(WorkerHandle worker, Exchange exchange, long now) {
        long age = exchange.ageNanos(now);
        if (age == 0) {
            return false;
        }
        Marks done = marks.computeIfAbsent(exchange, e -> new Marks());
        String where = worker + " core " + exchange.core();
        if (lifecycle.slowlog() > 0 && !done.slowlogged && age > TimeUnit.SECONDS.toNanos(lifecycle.slowlog())) {
            done.slowlogged = true;
            console.log("drover: slow request on " + where + ": " + exchange.describe() + " has run " + seconds(age)
                    + " s (slowlog " + lifecycle.slowlog() + " s); its stack follows");
            worker.requestStack(exchange.core(), false);
        }
        if (lifecycle.harakiri() == 0) {
            return false;
        }
        if (done.harakiriAt == 0 && age > TimeUnit.SECONDS.toNanos(lifecycle.harakiri())) {
            done.harakiriAt = now;
            worker.countHarakiri();
            harakiris++;
            console.log("drover: HARAKIRI on " + where + ": " + exchange.describe() + " has run " + seconds(age)
                    + " s (harakiri " + lifecycle.harakiri() + " s); 504 to the client; its stack follows, then"
                    + " the thread is interrupted");
            String reason = "the request ran past harakiri " + lifecycle.harakiri() + " s";
            executor.execute(() -> exchange.timeOut(reason));
            worker.requestStack(exchange.core(), lifecycle.harakiriVerbose());
            return false;
        }
        if (done.harakiriAt != 0 && done.interruptedAt == 0 && now - done.harakiriAt > DUMP_TIMEOUT) {
            console.log("drover: no stack from " + where + " within " + TimeUnit.NANOSECONDS.toSeconds(DUMP_TIMEOUT)
                    + " s; interrupting the thread anyway");
            interrupt(exchange, done, now);
        }
        return worker.state() == WorkerState.READY && stuckPastMercy(done, now);
    }

    /** The stack of a slot arrived: it is logged, and if it was taken for a harakiri, the thread is interrupted. */
    void stackTaken(WorkerHandle worker, int slot, String stack) {
        console.log("drover: stack of " + worker + " core " + slot + ":\n" + stack.stripTrailing());
        if (worker.data() == null) {
            return;
        }
        for (Exchange exchange : dispatcher.exchangesOn(worker.data())) {
            Marks done = marks.get(exchange);
            if (exchange.core() == slot && done != null && done.harakiriAt != 0 && done.interruptedAt == 0) {
                interrupt(exchange, done, System.nanoTime());
            }
        }
    }

    /**
     * True if every one of these requests is a thread interrupted by harakiri that has not come
     * back within {@code harakiri-mercy}: a worker with only those left cannot finish.
     */
    boolean allStuck(List<Exchange> running) {
        long now = System.nanoTime();
        for (Exchange exchange : running) {
            Marks done = marks.get(exchange);
            if (done == null || !stuckPastMercy(done, now)) {
                return false;
            }
        }
        return !running.isEmpty();
    }

    private boolean stuckPastMercy(Marks done, long now) {
        return done.interruptedAt != 0
                && now - done.interruptedAt > TimeUnit.SECONDS.toNanos(lifecycle.harakiriMercy());
    }

    private void interrupt(Exchange exchange, Marks done, long now) {
        done.interruptedAt = now;
        executor.execute(exchange::interruptWorker);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
