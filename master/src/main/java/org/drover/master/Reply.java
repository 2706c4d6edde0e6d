package org.drover.master;

/** What a command of {@code drover ctl} or the master FIFO came to: it worked or not, and the text to show. */
record Reply(boolean ok, String text) {

    static Reply ok(String text) {
        return new Reply(true, text);
    }

    static Reply error(String text) {
        return new Reply(false, text);
    }
}
