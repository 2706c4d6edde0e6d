package org.drover.master.supervise;

import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.drover.master.config.Cheaper;
import org.drover.master.log.Console;

/**
 * Which worker indexes the master keeps a worker for. Without cheaper mode: 1..{@code processes}
 * at start, one more or one less on SIGTTIN/SIGTTOU, the FIFO's {@code +}/{@code -} and
 * {@code drover ctl add-worker}/{@code remove-worker}, never below one. In cheaper mode:
 * {@code cheaper-initial} at start, and the algorithm and those same commands move the count
 * within {@code cheaper}..{@code processes}, as uWSGI's do. A worker whose index is taken away
 * retires. The supervisor's thread alone uses it.
 */
final class Scale {

    private static final int MAX_INDEX = 65535; // an index travels as u16 on the wire

    private final WorkerTable table;
    private final Replacements replacements;
    private final Respawns respawns;
    private final Console console;
    private final boolean cheaper;
    private final int min;
    private final int max;
    private final NavigableSet<Integer> active = new TreeSet<>();

    Scale(
            int processes,
            Cheaper cheaper,
            WorkerTable table,
            Replacements replacements,
            Respawns respawns,
            Console console) {
        this.table = table;
        this.replacements = replacements;
        this.respawns = respawns;
        this.console = console;
        this.cheaper = cheaper.on();
        this.min = cheaper.on() ? cheaper.min() : 1;
        this.max = cheaper.on() ? processes : MAX_INDEX;
        for (int index = 1; index <= (cheaper.on() ? cheaper.initial() : processes); index++) {
            active.add(index);
        }
    }

    /** The indexes to keep a worker for, in order. */
    NavigableSet<Integer> indexes() {
        return Collections.unmodifiableNavigableSet(active);
    }

    /** How many workers to keep. */
    int count() {
        return active.size();
    }

    boolean isActive(int index) {
        return active.contains(index);
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    /**
     * Takes one index more, the lowest one free up to the maximum, preferring one whose last
     * worker has exited (a retired one may still drain); returns it, or 0 at the maximum.
     */
    int add() {
        if (active.size() >= max) {
            return 0;
        }
        int free = 0;
        for (int index = 1; index <= max; index++) {
            if (!active.contains(index)) {
                if (!table.hasLive(index)) {
                    free = index;
                    break;
                }
                free = free == 0 ? index : free;
            }
        }
        active.add(free);
        return free;
    }

    /** Takes an index away: its worker, ready or booting, retires within {@code mercyNanos}. */
    void remove(int index, long mercyNanos) {
        active.remove(index);
        respawns.forget(index);
        WorkerHandle worker = table.removeCurrent(index);
        replacements.cancel(index);
        if (worker != null) {
            worker.retire(mercyNanos);
        }
    }

    /** An operator's one worker more. */
    Reply grow(String source) {
        if (active.size() >= max) {
            console.log("drover: " + source + ": already at processes " + max + "; no worker more");
            return Reply.error("already at processes " + max);
        }
        add();
        console.log("drover: " + source + ": one worker more, " + active.size() + " now");
        return Reply.ok("one worker more: " + active.size() + " now");
    }

    /** An operator's one worker less: the highest index, whose worker drains within {@code mercyNanos}. */
    Reply shrink(String source, long mercyNanos) {
        if (active.size() <= min) {
            String why = cheaper ? "already at cheaper " + min : "keeping the last worker";
            console.log("drover: " + source + ": " + why);
            return Reply.error(why);
        }
        remove(active.last(), mercyNanos);
        console.log("drover: " + source + ": one worker less, " + active.size() + " now");
        return Reply.ok("one worker less: " + active.size() + " now");
    }
}
