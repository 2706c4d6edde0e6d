package org.drover.master.supervise;

import org.drover.master.log.Console;

/**
 * How many workers the master keeps: {@code processes} at start, one more or one less on
 * SIGTTIN/SIGTTOU and {@code drover ctl add-worker}/{@code remove-worker}, never below one. A
 * worker whose index is taken away retires. The supervisor's thread alone uses it.
 */
final class Scale {

    private final WorkerTable table;
    private final Replacements replacements;
    private final Console console;
    private int target;

    Scale(int processes, WorkerTable table, Replacements replacements, Console console) {
        this.target = processes;
        this.table = table;
        this.replacements = replacements;
        this.console = console;
    }

    /** The workers to keep, indexes 1..target. */
    int target() {
        return target;
    }

    Reply grow(String source) {
        target++;
        console.log("drover: " + source + ": one worker more, " + target + " now");
        return Reply.ok("one worker more: " + target + " now");
    }

    /** Takes the highest index away: its worker drains within {@code mercyNanos}. */
    Reply shrink(String source, long mercyNanos) {
        if (target == 1) {
            console.log("drover: " + source + ": keeping the last worker");
            return Reply.error("keeping the last worker");
        }
        WorkerHandle last = table.removeCurrent(target);
        replacements.cancel(target);
        target--;
        console.log("drover: " + source + ": one worker less, " + target + " now");
        if (last != null) {
            last.retire(mercyNanos);
        }
        return Reply.ok("one worker less: " + target + " now");
    }
}
