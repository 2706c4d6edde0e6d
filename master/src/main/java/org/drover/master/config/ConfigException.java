package org.drover.master.config;

/** A configuration error, whose message is one line naming the option, the bad value and where it was given. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the error with its one-line message. */
    public ConfigException(String message) {
        super(message);
    }
}
