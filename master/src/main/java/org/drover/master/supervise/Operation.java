package org.drover.master.supervise;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands an operator sends a running master: by name through {@code drover ctl}, or by
 * uWSGI's one-letter names through the master FIFO. One table serves both.
 */
public enum Operation {
    RELOAD("reload", "rwc"),
    STOP("stop", "q"),
    STOP_NOW("stop-now", "Q"),
    ADD_WORKER("add-worker", "+"),
    REMOVE_WORKER("remove-worker", "-"),
    STATS("stats", "s"),
    REOPEN_LOGS("reopen-logs", "l"),
    STATUS("status", ""),
    APPS("apps", "");

    private final String name;
    private final String letters;

    Operation(String name, String letters) {
        this.name = name;
        this.letters = letters;
    }

    /** The command {@code drover ctl} names so, or that has this FIFO letter. */
    public static Optional<Operation> named(String text) {
        return Arrays.stream(values())
                .filter(c -> c.name.equals(text) || text.length() == 1 && c.letters.contains(text))
                .findFirst();
    }

    /** Every command with its letters, for help and for the answer to an unknown one. */
    public static String describeAll() {
        return Arrays.stream(values()).map(Operation::describe).collect(Collectors.joining(", "));
    }

    private String describe() {
        if (letters.isEmpty()) {
            return name;
        }
        return name + " ("
                + letters.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public String toString() {
        return name;
    }
}
