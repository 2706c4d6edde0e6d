package org.drover.master.cheaper;

/**
 * What an algorithm wants at one check: spawn {@code workers} more, retire one, or nothing.
 *
 * @param workers workers to spawn (above 0), one to retire (-1), or 0
 * @param reason why, as the log line says it: {@code busy 7/8 slots}
 * @param label the reason as the metrics count it, one of a few words: {@code busy-slots}
 */
public record Decision(int workers, String reason, String label) {

    private static final Decision NONE = new Decision(0, "", "");

    public static Decision none() {
        return NONE;
    }

    static Decision spawn(int workers, String reason, String label) {
        return new Decision(workers, reason, label);
    }

    static Decision retire(String reason, String label) {
        return new Decision(-1, reason, label);
    }

    public boolean spawns() {
        return workers > 0;
    }

    public boolean retires() {
        return workers < 0;
    }
}
