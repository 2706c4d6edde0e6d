package org.drover.worker.app;

/** The apps cannot be loaded; the message names the jar or class and the cause, in one line. */
public final class AppLoadException extends Exception {

    AppLoadException(String message) {
        super(message);
    }
}
