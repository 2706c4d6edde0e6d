package org.drover.master.apps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.drover.wire.MountTable;

/**
 * Works out a generation's mount table from its apps and the {@code mount} and {@code module}
 * options, with no I/O: the rules of which app goes where live here alone (the worker obeys the
 * table). Each app-dir app (a jar or a webapp) is one app at {@code /NAME} ({@code ROOT} at
 * {@code /}), unless a {@code mount /P=NAME} moves it. Each {@code --app} webapp is at {@code /}
 * when it is the only {@code --app}, else at {@code /NAME}, and a mount moves it too. The
 * {@code --app} jars share a class loader, a {@code mount} may name one of their classes, and
 * their root app is the {@code module}, or the only one (the only one no mount names, when there
 * are mounts). A mount naming an app-dir app that is not there waits for it.
 *
 * @param table the mounts, for the workers and the request log
 * @param waiting the mounts that name no app yet, as {@code /P=NAME}
 */
record MountPlan(MountTable table, List<String> waiting) {

    /**
     * The apps of a generation, as read.
     *
     * @param dirJars the app-dir jars, each an app of its own
     * @param dirWebapps the app-dir WARs and webapp directories
     * @param jars the {@code --app} jars, in order: one class loader
     * @param webapps the {@code --app} WARs and webapp directories, in order
     */
    record Apps(List<AppJar> dirJars, List<WebApp> dirWebapps, List<AppJar> jars, List<WebApp> webapps) {}

    /**
     * @param options the {@code mount} options, prefix to app name or class name
     * @param appDirs whether any app-dir is configured: then a mount may wait for its app
     */
    static MountPlan of(Apps apps, Map<String, String> options, Optional<String> module, boolean appDirs)
            throws AppLoadException {
        List<List<Path>> loaders = new ArrayList<>();
        List<MountTable.Mount> mounts = new ArrayList<>();
        Map<String, String> owners = new LinkedHashMap<>();
        Map<String, String> unclaimed = new LinkedHashMap<>(options);
        Map<String, Path> names = new LinkedHashMap<>();
        for (AppJar app : apps.dirJars()) {
            name(names, app.name(), app.source());
            String type = onlyApplication(app);
            String prefix = moved(app.name(), "/" + app.name(), options, unclaimed);
            claim(owners, prefix, "app " + app.name() + " (" + app.source() + ")");
            loaders.add(List.of(app.copy()));
            mounts.add(new MountTable.Mount(root(prefix), app.name(), type, loaders.size() - 1));
        }
        boolean alone = apps.webapps().size() == 1 && apps.jars().isEmpty();
        List<WebApp> webapps = new ArrayList<>(apps.dirWebapps());
        webapps.addAll(apps.webapps());
        for (WebApp app : webapps) {
            name(names, app.name(), app.source());
            String standard = alone && apps.webapps().contains(app) ? "/" : app.defaultPrefix();
            String prefix = moved(app.name(), standard, options, unclaimed);
            claim(owners, prefix, "webapp " + app.name() + " (" + app.source() + ")");
            loaders.add(List.of(app.copy()));
            mounts.add(MountTable.Mount.webapp(root(prefix), app.name(), loaders.size() - 1));
        }
        List<AppJar> group = apps.jars();
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
                String where = group.isEmpty()
                        ? "no app of that name"
                        : names.isEmpty()
                                ? "no Application of that name in " + jars
                                : "no app and no Application of that name in " + jars;
                throw new AppLoadException("mount " + option.getKey() + "=" + option.getValue() + ": " + where
                        + "; found: " + found(names.keySet(), types));
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
        } else if (group.isEmpty() && module.isPresent()) {
            throw new AppLoadException("module " + module.get() + ": there are no --app jars to choose an Application"
                    + " from (a webapp's classes are found by its web.xml and annotations)");
        }
        return new MountPlan(new MountTable(loaders, mounts), List.copyOf(waiting));
    }

    /** An app's prefix: {@code standard}, unless a {@code mount /P=NAME} option moves it. */
    private static String moved(
            String name, String standard, Map<String, String> options, Map<String, String> unclaimed) {
        String prefix = standard;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getValue().equals(name)) {
                prefix = option.getKey(); // mount /pay=billing moves the app
                unclaimed.remove(option.getKey());
            }
        }
        return prefix;
    }

    /** The names a mount can use are the apps' own, each once. */
    private static void name(Map<String, Path> names, String name, Path source) throws AppLoadException {
        Path other = names.put(name, source);
        if (other != null) {
            throw new AppLoadException(
                    other + " and " + source + " both claim the app name '" + name + "'; rename or remove one");
        }
    }

    private static String found(Collection<String> names, List<String> types) {
        List<String> all = new ArrayList<>(names);
        all.addAll(types);
        return all.isEmpty() ? "none" : String.join(", ", all);
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
