package org.drover.master.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges the three sources of options, later winning: the ini file, the environment, then the
 * command line.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Loads the configuration.
     *
     * @param commandLine the settings given on the command line, in their order
     * @param environment the process environment, read for {@code DROVER_*} variables
     * @throws ConfigException on the first bad option, value or file
     */
    public static LoadedConfig load(List<Setting> commandLine, Map<String, String> environment) {
        List<Setting> fromEnvironment = Environment.read(environment);
        Optional<Path> ini = iniFile(commandLine, "--ini").or(() -> iniFile(fromEnvironment, Option.INI.envName()));
        List<Setting> settings = new ArrayList<>();
        ini.ifPresent(file -> settings.addAll(IniFile.read(file)));
        settings.addAll(fromEnvironment);
        settings.addAll(commandLine);
        ConfigDraft draft = new ConfigDraft();
        settings.forEach(draft::apply);
        return new LoadedConfig(draft.toConfig(ini, cacheDir(environment)), draft.notices());
    }

    /** The last ini file named in these settings, made absolute; it must be a regular file. */
    private static Optional<Path> iniFile(List<Setting> settings, String where) {
        Optional<String> name = settings.stream()
                .filter(setting -> setting.option() == Option.INI)
                .reduce((first, second) -> second)
                .map(Setting::value);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(name.get()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(where + ": not a path: '" + name.get() + "'");
        }
        if (!Files.exists(file)) {
            throw new ConfigException(where + ": no such file: " + name.get());
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(where + ": not a regular file: " + name.get());
        }
        return Optional.of(file);
    }

    /** The user's cache directory: {@code $XDG_CACHE_HOME}, or {@code ~/.cache}; none without a home. */
    static Optional<Path> cacheDir(Map<String, String> environment) {
        String xdg = environment.getOrDefault("XDG_CACHE_HOME", "");
        if (xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg)); // a relative one is to be ignored, says the XDG spec
        }
        String home = environment.getOrDefault("HOME", "");
        return home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home, ".cache"));
    }
}
