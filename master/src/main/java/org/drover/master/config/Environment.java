package org.drover.master.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads options from {@code DROVER_<NAME>} environment variables; other names, such as the
 * launcher's {@code DROVER_OPTS} and {@code DROVER_HOME}, are left alone.
 */
final class Environment {

    private Environment() {}

    /** One setting per option whose variable is set, in table order. */
    static List<Setting> read(Map<String, String> environment) {
        List<Setting> settings = new ArrayList<>();
        for (Option option : Option.values()) {
            String value = environment.get(option.envName());
            if (value != null) {
                settings.add(Setting.inEnvironment(option, value));
            }
        }
        return settings;
    }
}
