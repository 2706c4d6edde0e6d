package org.drover.master;

import java.io.PrintStream;

/**
 * The master's own log lines on its stdout (the request log has its own writer), so that an
 * operator sees spawns, deaths and the ready line where uWSGI prints them.
 */
final class Console {

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    void log(String line) {
        out.println(line);
    }
}
