package org.drover.master.apps;

/**
 * The apps of a generation cannot be loaded as configured: a jar that lists no Application, a
 * mount that names none, two apps on one mount. The message names the jar, the mount or the
 * class, in one line. At first start the server stops with exit code 4; during a reload, the
 * reload is aborted and the old workers keep serving.
 */
public final class AppLoadException extends Exception {

    AppLoadException(String message) {
        super(message);
    }
}
