package org.drover.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the master tells a worker on its command line: where to connect, who it is, which
 * apps to load. The per-run secret comes in the environment ({@code DROVER_SECRET}) instead,
 * so that {@code ps} does not show it.
 */
record WorkerArgs(
        Path socket,
        int index,
        int threads,
        List<Path> apps,
        Optional<String> module,
        Map<String, String> mounts,
        List<DirApp> dirApps,
        Map<String, String> set) {

    /** An app of an app-dir: its own jar and class loader, at its own mount. */
    record DirApp(String name, String prefix, Path jar) {}

    static WorkerArgs parse(String[] args) {
        Path socket = null;
        int index = 0;
        int threads = 1;
        List<Path> apps = new ArrayList<>();
        String module = null;
        Map<String, String> set = new LinkedHashMap<>();
        Map<String, String> mounts = new LinkedHashMap<>();
        List<DirApp> dirApps = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("worker option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--socket" -> socket = Path.of(value);
                case "--index" -> index = number(name, value);
                case "--threads" -> threads = number(name, value);
                case "--app" -> apps.add(Path.of(value));
                case "--module" -> module = value;
                case "--mount" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("worker --mount needs /prefix=App, got '" + value + "'");
                    }
                    mounts.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--dir-app" -> {
                    int at = value.indexOf('@');
                    int eq = value.indexOf('=', at + 1);
                    if (at < 1 || eq < at + 2) {
                        throw new IllegalArgumentException(
                                "worker --dir-app needs name@/prefix=jar, got '" + value + "'");
                    }
                    dirApps.add(new DirApp(
                            value.substring(0, at), value.substring(at + 1, eq), Path.of(value.substring(eq + 1))));
                }
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("worker --set needs name=value, got '" + value + "'");
                    }
                    set.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown worker option " + name);
            }
        }
        if (socket == null) {
            throw new IllegalArgumentException("worker needs --socket");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("worker --threads must be >= 1, got " + threads);
        }
        return new WorkerArgs(
                socket,
                index,
                threads,
                List.copyOf(apps),
                Optional.ofNullable(module),
                mounts,
                List.copyOf(dirApps),
                set);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("worker " + option + " needs a number, got '" + value + "'");
        }
    }
}
