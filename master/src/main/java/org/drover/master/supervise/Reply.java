package org.drover.master.supervise;

/** What a command of {@code drover ctl} or the master FIFO came to: it worked or not, and the text to show. */
public record Reply(boolean ok, String text) {

    public static Reply ok(String text) {
        return new Reply(true, text);
    }

    public static Reply error(String text) {
        return new Reply(false, text);
    }
}
