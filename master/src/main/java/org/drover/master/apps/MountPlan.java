package org.drover.master.apps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.drover.wire.MountTable;

/**
 * Works out a generation's mount table from its jars and the {@code mount} and {@code module}
 * options, with no I/O: the rules of which app goes where live here alone (the worker obeys the
 * table). Each app-dir jar is one app at {@code /NAME}, unless a {@code mount /P=NAME} moves it;
 * the {@code --app} jars share a class loader, a {@code mount} may name one of their classes, and
 * their root app is the {@code module}, or the only one (the only one no mount names, when there
 * are mounts). A mount naming an app-dir app that is not there waits for its jar.
 *
 * @param table the mounts, for the workers and the request log
 * @param waiting the mounts that name no app yet, as {@code /P=NAME}
 */
record MountPlan(MountTable table, List<String> waiting) {

    /**
     * @param dirApps the app-dir jars, each an app of its own
     * @param group the {@code --app} jars, in order
     * @param options the {@code mount} options, prefix to app name or class name
     * @param appDirs whether any app-dir is configured: then a mount may wait for its app
     */
    static MountPlan of(
            List<AppJar> dirApps,
            List<AppJar> group,
            Map<String, String> options,
            Optional<String> module,
            boolean appDirs)
            throws AppLoadException {
        List<List<Path>> loaders = new ArrayList<>();
        List<MountTable.Mount> mounts = new ArrayList<>();
        Map<String, String> owners = new LinkedHashMap<>();
        Map<String, String> unclaimed = new LinkedHashMap<>(options);
        Map<String, AppJar> names = new LinkedHashMap<>();
        for (AppJar app : dirApps) {
            AppJar other = names.put(app.name(), app);
            if (other != null) {
                throw new AppLoadException("app-dir: " + other.source() + " and " + app.source()
                        + " both claim the app name '" + app.name() + "'; remove one");
            }
            String type = onlyApplication(app);
            String prefix = "/" + app.name();
            for (Map.Entry<String, String> option : options.entrySet()) {
                if (option.getValue().equals(app.name())) {
                    prefix = option.getKey(); // mount /pay=billing moves the app
                    unclaimed.remove(option.getKey());
                }
            }
            claim(owners, prefix, "app " + app.name() + " (" + app.source() + ")");
            loaders.add(List.of(app.copy()));
            mounts.add(new MountTable.Mount(root(prefix), app.name(), type, loaders.size() - 1));
        }
        List<String> waiting = new ArrayList<>();
        if (!group.isEmpty()) {
            loaders.add(group.stream().map(AppJar::copy).toList());
        }
        int groupLoader = loaders.size() - 1;
        List<String> types = group.stream()
                .flatMap(jar -> jar.applications().stream())
                .distinct()
                .toList();
        String jars = group.stream().map(AppJar::fileName).collect(Collectors.joining(", "));
        List<String> mounted = new ArrayList<>();
        for (Map.Entry<String, String> option : unclaimed.entrySet()) {
            String type = named(types, option.getValue());
            if (appDirs && type == null) {
                waiting.add(option.getKey() + "=" + option.getValue());
                continue;
            }
            if (type == null) {
                throw new AppLoadException("mount " + option.getKey() + "=" + option.getValue()
                        + ": no Application of that name in " + jars + "; found: " + String.join(", ", types));
            }
            claim(owners, option.getKey(), "mount " + option.getKey() + "=" + option.getValue());
            mounts.add(new MountTable.Mount(root(option.getKey()), simpleName(type), type, groupLoader));
            mounted.add(type);
        }
        boolean groupAtRoot = mounts.stream().anyMatch(m -> m.prefix().isEmpty() && m.loader() == groupLoader);
        if (!group.isEmpty() && !groupAtRoot) { // an app-dir app at / and a root of theirs clash
            String rootApp = groupRoot(types, mounted, module, jars);
            if (rootApp != null) {
                claim(owners, "/", "the --app root app " + simpleName(rootApp));
                mounts.add(new MountTable.Mount("", simpleName(rootApp), rootApp, groupLoader));
            }
        }
        return new MountPlan(new MountTable(loaders, mounts), List.copyOf(waiting));
    }

    /**
     * The {@code --app} jars' app at the root: the {@code module}; without mounts the only one;
     * with mounts the only one no mount names, or none.
     */
    private static String groupRoot(List<String> types, List<String> mounted, Optional<String> module, String jars)
            throws AppLoadException {
        if (module.isPresent()) {
            String type = named(types, module.get());
            if (type == null) {
                throw new AppLoadException("module " + module.get() + " is not an Application in " + jars + "; found: "
                        + (types.isEmpty() ? "none" : String.join(", ", types)));
            }
            return type;
        }
        if (types.isEmpty() && mounted.isEmpty()) {
            throw new AppLoadException("no Application in " + jars + ": list its class in " + AppJar.SERVICES);
        }
        List<String> unmounted = new ArrayList<>(types);
        unmounted.removeAll(mounted);
        if (mounted.isEmpty() && unmounted.size() > 1) {
            throw new AppLoadException("several Applications in " + jars + " (" + String.join(", ", types)
                    + "): choose one with --module");
        }
        return unmounted.size() == 1 ? unmounted.get(0) : null;
    }

    /** An app-dir jar holds exactly one app. */
    private static String onlyApplication(AppJar app) throws AppLoadException {
        if (app.applications().isEmpty()) {
            throw new AppLoadException(
                    "no Application in " + app.fileName() + ": list its class in " + AppJar.SERVICES);
        }
        if (app.applications().size() > 1) {
            throw new AppLoadException("several Applications in " + app.fileName() + " ("
                    + String.join(", ", app.applications()) + "): an app-dir jar holds one app");
        }
        return app.applications().get(0);
    }

    private static void claim(Map<String, String> owners, String prefix, String who) throws AppLoadException {
        String other = owners.put(prefix, who);
        if (other != null) {
            throw new AppLoadException("mount " + prefix + " is claimed by both " + other + " and " + who);
        }
    }

    /** The class among {@code types} that {@code name} names, simply or fully, or null. */
    private static String named(List<String> types, String name) {
        for (String type : types) {
            if (type.equals(name) || simpleName(type).equals(name)) {
                return type;
            }
        }
        return null;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** The table's form of a prefix: "" for the root. */
    private static String root(String prefix) {
        return prefix.equals("/") ? "" : prefix;
    }
}
