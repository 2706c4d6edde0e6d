package org.drover.wire;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which app serves which path prefix in a worker. The master works the table out for each
 * generation of apps (which class each mount is, which one is at the root, which jars share a
 * class loader) and hands it to every worker on its command line; both then choose a request's
 * app with {@link #match}, the longest prefix that matches: the worker to call it, the master to
 * name it in the request log. So there is one rule, in one place.
 *
 * @param loaders the jars of each class loader, by index; the apps of one loader share it, and
 *     one Guice injector
 * @param mounts the apps, each at its own prefix
 */
public record MountTable(List<List<Path>> loaders, List<Mount> mounts) {

    /** What a mount serves. */
    public enum Kind {
        /** An {@code Application} class, built in the class loader of its jars. */
        APP,
        /** A servlet webapp: the one "jar" of its loader is the webapp's directory, with {@code WEB-INF/}. */
        WEBAPP
    }

    /**
     * One app at one prefix.
     *
     * @param prefix the path prefix, such as {@code /billing}; "" for the root (for a webapp,
     *     its context path)
     * @param name the app's name, for the log: an app-dir app's name, or the class's simple name
     * @param kind an {@code Application} class, or a webapp
     * @param type the app's {@code Application} class; for a webapp, {@link #WEBAPP_TYPE}
     * @param loader the index of its class loader in {@link #loaders()}: the jars of an app, the
     *     directory of a webapp
     */
    public record Mount(String prefix, String name, Kind kind, String type, int loader) {

        /** The type of every webapp mount: the worker's servlet container serves them all. */
        public static final String WEBAPP_TYPE = "webapp";

        /** An {@code Application} class at a prefix. */
        public Mount(String prefix, String name, String type, int loader) {
            this(prefix, name, Kind.APP, type, loader);
        }

        /** A webapp at its context path, its directory the one entry of its loader. */
        public static Mount webapp(String prefix, String name, int loader) {
            return new Mount(prefix, name, Kind.WEBAPP, WEBAPP_TYPE, loader);
        }

        /** Checks what the command line could not carry. */
        public Mount {
            if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/")) || prefix.contains("=")) {
                throw new IllegalArgumentException(
                        "a mount prefix is \"\" or /PATH without a trailing slash or '=', got '" + prefix + "'");
            }
            if (name.isEmpty() || name.contains("=") || type.isEmpty() || type.contains("=")) {
                throw new IllegalArgumentException(
                        "a mount needs a name and a type without '=', got name '" + name + "', type '" + type + "'");
            }
            if (loader < 0) {
                throw new IllegalArgumentException("a loader index is >= 0, got " + loader);
            }
        }

        /** Whether a request path goes to this mount, if no longer prefix does. */
        public boolean covers(String path) {
            return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    /** An empty table: every path is a 404 (an app-dir with no app yet). */
    public static final MountTable EMPTY = new MountTable(List.of(), List.of());

    /** Copies the lists, the mounts longest prefix first; checks the loader indexes and the prefixes. */
    public MountTable {
        loaders = loaders.stream().map(List::copyOf).toList();
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.prefix().length()).reversed());
        mounts = List.copyOf(sorted);
        Set<String> prefixes = new HashSet<>();
        for (Mount mount : mounts) {
            if (mount.loader() >= loaders.size()) {
                throw new IllegalArgumentException("mount " + mount.prefix() + " names class loader " + mount.loader()
                        + ", but there are " + loaders.size());
            }
            if (!prefixes.add(mount.prefix())) {
                throw new IllegalArgumentException("two mounts at '" + mount.prefix() + "'");
            }
        }
    }

    /** The app a request path goes to: the mount of the longest prefix that covers it. */
    public Optional<Mount> match(String path) {
        for (Mount mount : mounts) {
            if (mount.covers(path)) {
                return Optional.of(mount);
            }
        }
        return Optional.empty();
    }

    /**
     * The table as a worker's command-line options: {@code --jar N=PATH} for each jar of each
     * class loader (the directory of a webapp), then {@code --mount PREFIX=NAME=TYPE=N} for each
     * app and {@code --webapp PREFIX=NAME=N} for each webapp ({@code /} for the root).
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < loaders.size(); i++) {
            for (Path jar : loaders.get(i)) {
                args.add("--jar");
                args.add(i + "=" + jar);
            }
        }
        for (Mount mount : mounts) {
            String prefix = mount.prefix().isEmpty() ? "/" : mount.prefix();
            if (mount.kind() == Kind.WEBAPP) {
                args.add("--webapp");
                args.add(prefix + "=" + mount.name() + "=" + mount.loader());
            } else {
                args.add("--mount");
                args.add(prefix + "=" + mount.name() + "=" + mount.type() + "=" + mount.loader());
            }
        }
        return args;
    }

    /** Reads a table with no webapps back from the values of the {@code --jar} and {@code --mount} options. */
    public static MountTable fromArgs(List<String> jars, List<String> mounts) {
        return fromArgs(jars, mounts, List.of());
    }

    /**
     * Reads the table back from the values of the {@code --jar}, {@code --mount} and
     * {@code --webapp} options.
     *
     * @throws IllegalArgumentException naming the value that is malformed
     */
    public static MountTable fromArgs(List<String> jars, List<String> mounts, List<String> webapps) {
        List<List<Path>> loaders = new ArrayList<>();
        for (String jar : jars) {
            int eq = jar.indexOf('=');
            int index = index(eq < 0 ? "" : jar.substring(0, eq), "--jar N=PATH", jar);
            if (index > loaders.size()) {
                throw new IllegalArgumentException("--jar " + jar + ": class loaders are numbered from 0 in order");
            }
            if (index == loaders.size()) {
                loaders.add(new ArrayList<>());
            }
            loaders.get(index).add(Path.of(jar.substring(eq + 1)));
        }
        List<Mount> table = new ArrayList<>();
        for (String mount : mounts) {
            String[] parts = mount.split("=", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("--mount needs PREFIX=NAME=TYPE=N, got '" + mount + "'");
            }
            table.add(new Mount(
                    parts[0].equals("/") ? "" : parts[0],
                    parts[1],
                    parts[2],
                    index(parts[3], "--mount PREFIX=NAME=TYPE=N", mount)));
        }
        for (String webapp : webapps) {
            String[] parts = webapp.split("=", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("--webapp needs PREFIX=NAME=N, got '" + webapp + "'");
            }
            table.add(Mount.webapp(
                    parts[0].equals("/") ? "" : parts[0], parts[1], index(parts[2], "--webapp PREFIX=NAME=N", webapp)));
        }
        return new MountTable(loaders, table);
    }

    private static int index(String text, String form, String value) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(form + " needs a class loader number, got '" + value + "'");
        }
    }
}
