package org.drover.worker.app;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.drover.api.Application;
import org.drover.api.WorkerInfo;
import org.drover.wire.MountTable;

/**
 * Builds the apps of the master's {@link MountTable}: one {@link AppClassLoader} per loader of
 * the table (so two apps may bundle two versions of a library), one Guice injector per loader,
 * with the Guice modules its jars list for {@link ServiceLoader} in
 * {@code META-INF/services/com.google.inject.Module}, and each mount's {@link Application}
 * class built by that injector. The webapp mounts all go to the worker's one servlet container
 * ({@link Webapps}). The master has chosen the classes and the mounts; a class that cannot be
 * loaded or built is a one-line {@link AppLoadException}.
 */
public final class AppLoader {

    private AppLoader() {}

    /**
     * Builds every app of the table. One app at the root is called directly; anything else goes
     * behind {@link Mounts}, and an empty table answers 404 until an app is deployed.
     *
     * @param values the {@code set} options, for {@code Config} and {@code @Named}
     * @param runtimeDir the master's runtime directory, where webapps get their temp directories
     */
    public static LoadedApp load(MountTable table, Map<String, String> values, WorkerInfo info, Path runtimeDir)
            throws AppLoadException {
        Webapps.Started webapps = Webapps.start(table, values, info, runtimeDir);
        Map<Integer, AppClassLoader> loaders = new HashMap<>();
        Map<Integer, Injector> injectors = new HashMap<>();
        List<Mounts.Mount> built = new ArrayList<>();
        for (MountTable.Mount mount : table.mounts()) {
            if (mount.kind() == MountTable.Kind.WEBAPP) {
                built.add(new Mounts.Mount(mount, webapps.container(), webapps.loader()));
                continue;
            }
            AppClassLoader loader = loaders.get(mount.loader());
            if (loader == null) {
                loader = classLoader(table.loaders().get(mount.loader()));
                loaders.put(mount.loader(), loader);
            }
            String jars = names(table.loaders().get(mount.loader()));
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                Class<? extends Application> type = applicationClass(mount.type(), loader, jars);
                String what = type.getName() + " from " + jars;
                Injector injector = injectors.get(mount.loader());
                if (injector == null) {
                    List<Module> modules = modules(loader, values, info, jars);
                    injector = build(what, () -> Guice.createInjector(modules));
                    injectors.put(mount.loader(), injector);
                }
                Injector of = injector;
                built.add(new Mounts.Mount(mount, build(what, () -> of.getInstance(type)), loader));
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        if (built.size() == 1 && built.get(0).where().prefix().isEmpty()) {
            Mounts.Mount only = built.get(0);
            return new LoadedApp(only.app(), only.loader(), describe(table));
        }
        return new LoadedApp(new Mounts(table, built), AppLoader.class.getClassLoader(), describe(table));
    }

    /** What the ready line shows: per class loader, its mounts and its jars (or its webapp). */
    private static String describe(MountTable table) {
        if (table.mounts().isEmpty()) {
            return "no app yet: every path is a 404 until one is deployed";
        }
        if (table.mounts().size() == 1 && table.mounts().get(0).kind() == MountTable.Kind.APP) {
            MountTable.Mount only = table.mounts().get(0);
            return only.type() + " from " + names(table.loaders().get(only.loader()));
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < table.loaders().size(); i++) {
            int loader = i;
            List<MountTable.Mount> mounts =
                    table.mounts().stream().filter(m -> m.loader() == loader).toList();
            String prefixes = mounts.stream()
                    .map(m -> (m.prefix().isEmpty() ? "/" : m.prefix()) + "=" + m.name())
                    .collect(Collectors.joining(", "));
            boolean webapp = mounts.stream().anyMatch(m -> m.kind() == MountTable.Kind.WEBAPP);
            parts.add((webapp ? "webapp " : "mounts ") + prefixes + " from "
                    + names(table.loaders().get(i)));
        }
        return String.join("; ", parts);
    }

    private static AppClassLoader classLoader(List<Path> jars) throws AppLoadException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            Path jar = jars.get(i);
            if (!Files.isRegularFile(jar)) {
                throw new AppLoadException("app jar not found: " + jar);
            }
            try {
                urls[i] = jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new AppLoadException("bad app jar path " + jar + ": " + e.getMessage());
            }
        }
        return new AppClassLoader("drover-app", urls, AppLoader.class.getClassLoader());
    }

    /** The class the master found listed in the jars' META-INF/services, loaded and checked. */
    private static Class<? extends Application> applicationClass(String name, ClassLoader loader, String jars)
            throws AppLoadException {
        String listed = "META-INF/services/org.drover.api.Application of " + jars + " names " + name;
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AppLoadException(listed + ", which cannot be loaded: " + e);
        }
        if (!Application.class.isAssignableFrom(type)) {
            throw new AppLoadException(listed + ", which does not implement " + Application.class.getName());
        }
        return type.asSubclass(Application.class);
    }

    private static String names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
    }

    /** Runs a Guice step that builds an app; its failure becomes one line naming {@code what}. */
    static <T> T build(String what, java.util.function.Supplier<T> step) throws AppLoadException {
        try {
            return step.get();
        } catch (CreationException e) {
            throw new AppLoadException("cannot build " + what + ": " + guiceMessage(e, e.getErrorMessages()));
        } catch (ProvisionException e) {
            throw new AppLoadException("cannot build " + what + ": " + guiceMessage(e, e.getErrorMessages()));
        } catch (ConfigurationException e) {
            throw new AppLoadException("cannot build " + what + ": " + guiceMessage(e, e.getErrorMessages()));
        } catch (LinkageError | RuntimeException e) {
            throw new AppLoadException("cannot build " + what + ": " + describe(rootCause(e)));
        }
    }

    static List<Module> modules(ClassLoader loader, Map<String, String> values, WorkerInfo info, String names)
            throws AppLoadException {
        List<Module> modules = new ArrayList<>();
        modules.add(new WorkerModule(values, info));
        try {
            for (Module module : ServiceLoader.load(Module.class, loader)) {
                modules.add(module);
            }
        } catch (ServiceConfigurationError e) {
            throw new AppLoadException("cannot load a Guice module listed in " + names + ": " + describe(rootCause(e)));
        }
        return modules;
    }

    /** The app's own exception if Guice wraps one, else Guice's first error, on one line. */
    private static String guiceMessage(RuntimeException e, java.util.Collection<com.google.inject.spi.Message> errors) {
        Throwable cause = rootCause(e);
        if (cause != e) {
            return describe(cause);
        }
        return errors.isEmpty()
                ? describe(e)
                : errors.iterator()
                        .next()
                        .getMessage()
                        .lines()
                        .findFirst()
                        .orElse("")
                        .strip();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null
                ? ""
                : ": " + t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getName() + message;
    }
}
