package org.drover.master.config;

import java.util.List;

/**
 * What loading the configuration produced: the configuration, and one notice line for each option
 * that was accepted but changes nothing on the JVM.
 */
public record LoadedConfig(ServerConfig config, List<String> notices) {

    /** Copies the notices. */
    public LoadedConfig {
        notices = List.copyOf(notices);
    }
}
