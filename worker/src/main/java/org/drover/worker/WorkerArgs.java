package org.drover.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drover.wire.MountTable;

/**
 * What the master tells a worker on its command line: where to connect, who it is, which
 * apps to load and where they are mounted (the master's {@link MountTable}), the {@code set}
 * values. The per-run secret comes in the environment ({@code DROVER_SECRET}) instead,
 * so that {@code ps} does not show it.
 */
record WorkerArgs(Path socket, int index, int threads, MountTable mounts, Map<String, String> set) {

    static WorkerArgs parse(String[] args) {
        Path socket = null;
        int index = 0;
        int threads = 1;
        List<String> jars = new ArrayList<>();
        List<String> mounts = new ArrayList<>();
        List<String> webapps = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
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
                case "--jar" -> jars.add(value);
                case "--mount" -> mounts.add(value);
                case "--webapp" -> webapps.add(value);
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
        MountTable table;
        try {
            table = MountTable.fromArgs(jars, mounts, webapps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("worker " + e.getMessage(), e);
        }
        return new WorkerArgs(socket, index, threads, table, set);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("worker " + option + " needs a number, got '" + value + "'");
        }
    }
}
