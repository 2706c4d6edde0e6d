package org.drover.master.log;

import java.io.PrintStream;

/**
 * The master's own log lines on its stdout (the request log has its own writer), so that an
 * operator sees spawns, deaths and the ready line where uWSGI prints them.
 */
public final class Console {

    private final PrintStream out;

    public Console(PrintStream out) {
        this.out = out;
    }

    public void log(String line) {
        out.println(line);
    }
}
