package org.drover.worker;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.drover.api.Application;
import org.drover.api.WorkerInfo;

/**
 * Loads the app jars in their own class loader, finds the {@link Application} classes they list
 * in {@code META-INF/services/org.drover.api.Application}, and builds the chosen one with
 * Guice, installing the Guice modules that the jars list for {@link ServiceLoader} in
 * {@code META-INF/services/com.google.inject.Module}. The {@code --app} jars share one class
 * loader; each app-dir jar gets one of its own, so two apps may bundle two versions of a library.
 */
final class AppLoader {

    private AppLoader() {}

    /** Loads the {@code --app} jars and the app-dir apps; with app-dir apps, all go behind {@link Mounts}. */
    static LoadedApp load(WorkerArgs args, WorkerInfo info) throws AppLoadException {
        if (args.dirApps().isEmpty() && !args.apps().isEmpty()) {
            return load(args.apps(), args.module(), args.mounts(), args.set(), info);
        }
        // with app-dir: even an empty one serves (a 404 for every path) until a jar is copied in
        List<Mounts.Mount> mounts = new ArrayList<>();
        String group = "";
        if (!args.apps().isEmpty()) {
            LoadedApp loaded = load(args.apps(), args.module(), args.mounts(), args.set(), info);
            if (loaded.application() instanceof Mounts mounted) {
                mounts.addAll(mounted.mounts());
            } else {
                mounts.add(new Mounts.Mount("", loaded.application(), loaded.loader()));
            }
            group = loaded.description() + "; ";
        }
        List<String> deployed = new ArrayList<>();
        for (WorkerArgs.DirApp app : args.dirApps()) {
            mounts.add(loadDirApp(app, args.set(), info));
            deployed.add(app.prefix() + "=" + app.name() + " (" + app.jar().getFileName() + ")");
        }
        return new LoadedApp(
                new Mounts(mounts),
                AppLoader.class.getClassLoader(),
                group + "app-dir " + (deployed.isEmpty() ? "(no jars yet)" : String.join(", ", deployed)));
    }

    /** One app-dir jar: its own class loader, exactly one Application, its own injector. */
    private static Mounts.Mount loadDirApp(WorkerArgs.DirApp app, Map<String, String> values, WorkerInfo info)
            throws AppLoadException {
        String name = app.jar().getFileName().toString();
        if (!Files.isRegularFile(app.jar())) {
            throw new AppLoadException("app jar not found: " + app.jar());
        }
        AppClassLoader loader;
        try {
            loader = new AppClassLoader(new URL[] {app.jar().toUri().toURL()}, AppLoader.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new AppLoadException("bad app jar path " + app.jar() + ": " + e.getMessage());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            List<Class<? extends Application>> types = ServiceFiles.providers(Application.class, loader);
            if (types.isEmpty()) {
                throw new AppLoadException("no Application in " + name
                        + ": list its class in META-INF/services/org.drover.api.Application");
            }
            if (types.size() > 1) {
                throw new AppLoadException("several Applications in " + name + " ("
                        + types.stream().map(Class::getName).collect(Collectors.joining(", "))
                        + "): an app-dir jar holds one app");
            }
            List<Module> modules = modules(loader, values, info, name);
            Application built = build(
                    types.get(0).getName() + " from " + name,
                    () -> Guice.createInjector(modules).getInstance(types.get(0)));
            return new Mounts.Mount(app.prefix().equals("/") ? "" : app.prefix(), built, loader);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static LoadedApp load(
            List<Path> jars,
            Optional<String> module,
            Map<String, String> mounts,
            Map<String, String> values,
            WorkerInfo info)
            throws AppLoadException {
        if (jars.isEmpty()) {
            throw new AppLoadException("no app jar given");
        }
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
        String names = jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
        AppClassLoader loader = new AppClassLoader(urls, AppLoader.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            if (!mounts.isEmpty()) {
                return mount(loader, module, mounts, values, info, names);
            }
            Class<? extends Application> type = chooseApplication(loader, module, names);
            String what = type.getName() + " from " + names;
            List<Module> modules = modules(loader, values, info, names);
            return new LoadedApp(build(what, () -> Guice.createInjector(modules).getInstance(type)), loader, what);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Builds every mounted app, and the root app: the {@code module} one, or else the only app of
     * the jars that no mount names (with several such, nothing is at the root).
     */
    private static LoadedApp mount(
            ClassLoader loader,
            Optional<String> module,
            Map<String, String> mounts,
            Map<String, String> values,
            WorkerInfo info,
            String names)
            throws AppLoadException {
        List<Class<? extends Application>> types = ServiceFiles.providers(Application.class, loader);
        String found = types.stream().map(Class::getName).collect(Collectors.joining(", "));
        Map<String, Class<? extends Application>> chosen = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            chosen.put(
                    mount.getKey(),
                    named(types, mount.getValue())
                            .orElseThrow(() -> new AppLoadException("mount " + mount.getKey() + "=" + mount.getValue()
                                    + ": no Application of that name in " + names + "; found: " + found)));
        }
        if (!chosen.containsKey("/")) {
            Optional<Class<? extends Application>> root =
                    module.isPresent() ? named(types, module.get()) : Optional.empty();
            List<Class<? extends Application>> unmounted =
                    types.stream().filter(type -> !chosen.containsValue(type)).collect(Collectors.toList());
            if (root.isEmpty() && unmounted.size() == 1) {
                root = Optional.of(unmounted.get(0));
            }
            root.ifPresent(type -> chosen.put("/", type));
        }
        Injector injector;
        try {
            injector = Guice.createInjector(modules(loader, values, info, names));
        } catch (CreationException e) {
            throw new AppLoadException(
                    "cannot build the apps of " + names + ": " + guiceMessage(e, e.getErrorMessages()));
        }
        List<Mounts.Mount> built = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (Map.Entry<String, Class<? extends Application>> entry : chosen.entrySet()) {
            String prefix = entry.getKey().equals("/") ? "" : entry.getKey();
            built.add(new Mounts.Mount(
                    prefix,
                    build(entry.getValue().getName() + " from " + names, () -> injector.getInstance(entry.getValue())),
                    loader));
            described.add(entry.getKey() + "=" + entry.getValue().getSimpleName());
        }
        return new LoadedApp(new Mounts(built), loader, "mounts " + String.join(", ", described) + " from " + names);
    }

    /** Runs a Guice step that builds an app; its failure becomes one line naming {@code what}. */
    private static <T> T build(String what, java.util.function.Supplier<T> step) throws AppLoadException {
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

    private static Optional<Class<? extends Application>> named(List<Class<? extends Application>> types, String name) {
        return types.stream()
                .filter(t -> t.getName().equals(name) || t.getSimpleName().equals(name))
                .findFirst();
    }

    private static Class<? extends Application> chooseApplication(
            ClassLoader loader, Optional<String> module, String names) throws AppLoadException {
        List<Class<? extends Application>> types = ServiceFiles.providers(Application.class, loader);
        if (types.isEmpty()) {
            throw new AppLoadException(
                    "no Application in " + names + ": list its class in META-INF/services/org.drover.api.Application");
        }
        String found = types.stream().map(Class::getName).collect(Collectors.joining(", "));
        if (module.isPresent()) {
            String wanted = module.get();
            return named(types, wanted)
                    .orElseThrow(() -> new AppLoadException(
                            "module " + wanted + " is not an Application in " + names + "; found: " + found));
        }
        if (types.size() > 1) {
            throw new AppLoadException(
                    "several Applications in " + names + " (" + found + "): choose one with --module");
        }
        return types.get(0);
    }

    private static List<Module> modules(ClassLoader loader, Map<String, String> values, WorkerInfo info, String names)
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
