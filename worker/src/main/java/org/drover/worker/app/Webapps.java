package org.drover.worker.app;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.drover.api.Application;
import org.drover.api.WorkerInfo;
import org.drover.wire.MountTable;

/**
 * Starts the worker's servlet container for the webapp mounts of a table: one container, an
 * {@link Application} from the jars of the distribution's {@code lib/servlet/} (Jetty's servlet
 * container and the bridge to it), in a class loader of their own that shares only the SPI and
 * the injection API with the worker, as an app's does. The worker itself never sees a servlet
 * class, and a worker with no webapp never loads one. Each webapp gets its context and its own
 * webapp class loader inside the container.
 */
final class Webapps {

    /** The container's {@link Application} class, in {@code lib/servlet/}. */
    static final String CONTAINER = "org.drover.servlet.Container";

    /** The name of the binding that lists the webapps: maps of {@code name}, {@code context} and {@code dir}. */
    static final String WEBAPPS = "drover.webapps";

    /** The runtime directory's entries that hold a worker's webapp temp directories: {@code webapp-tmp-PID}. */
    private static final String TMP_PREFIX = "webapp-tmp-";

    /** Overrides where the container's jars are: a directory of jars. */
    static final String LIB_PROPERTY = "drover.servlet.lib";

    /** The container, started, and the class loader it lives in. */
    record Started(Application container, ClassLoader loader) {}

    private Webapps() {}

    /**
     * Starts the container with every webapp of the table, each at its mount's prefix as its
     * context path; the container refuses to start if a webapp does not. Their temp directories
     * (uploads, Jetty's scratch files) are in {@code webapp-tmp-PID/} of the runtime directory,
     * which goes when the master exits; this worker first removes those of dead workers.
     *
     * @return the container, or null when the table has no webapp
     * @throws AppLoadException naming the webapp and why it did not start, or the missing jars
     */
    static Started start(MountTable table, Map<String, String> values, WorkerInfo info, Path runtimeDir)
            throws AppLoadException {
        List<Map<String, String>> webapps = new ArrayList<>();
        Path tmp = null;
        for (MountTable.Mount mount : table.mounts()) {
            if (mount.kind() != MountTable.Kind.WEBAPP) {
                continue;
            }
            Path dir = table.loaders().get(mount.loader()).get(0);
            if (!Files.isDirectory(dir.resolve("WEB-INF"))) {
                throw new AppLoadException("webapp " + mount.name() + ": no WEB-INF/ in " + dir);
            }
            if (tmp == null) {
                tmp = tempDirectory(runtimeDir, info.pid());
            }
            Map<String, String> webapp = new LinkedHashMap<>();
            webapp.put("name", mount.name());
            webapp.put("context", mount.prefix());
            webapp.put("dir", dir.toString());
            webapp.put("tmp", tmp.resolve(mount.name()).toString());
            webapps.add(Map.copyOf(webapp));
        }
        if (webapps.isEmpty()) {
            return null;
        }
        Path lib = lib();
        AppClassLoader loader = new AppClassLoader("drover-servlet", jars(lib), Webapps.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<? extends Application> type;
            try {
                type = Class.forName(CONTAINER, false, loader).asSubclass(Application.class);
            } catch (ClassNotFoundException | LinkageError | ClassCastException e) {
                throw new AppLoadException("the servlet container in " + lib + " cannot be loaded: " + e);
            }
            String what = "the servlet container from " + lib;
            List<Map<String, String>> listed = List.copyOf(webapps);
            Injector injector = AppLoader.build(
                    what,
                    () -> Guice.createInjector(new WorkerModule(values, info), new AbstractModule() {
                        @Override
                        protected void configure() {
                            bind(Key.get(new TypeLiteral<List<Map<String, String>>>() {}, Names.named(WEBAPPS)))
                                    .toInstance(listed);
                        }
                    }));
            try {
                return new Started(injector.getInstance(type), loader);
            } catch (ProvisionException e) {
                // The container says which webapp did not start and why, in one line: keep its words.
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new AppLoadException(
                        cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage()));
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * {@code webapp-tmp-PID/} in the runtime directory, made; the ones of workers that are not
     * alive any more (killed, or stopped: Jetty empties its own at a stop) are removed first.
     */
    static Path tempDirectory(Path runtimeDir, long pid) throws AppLoadException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runtimeDir, TMP_PREFIX + "*")) {
            for (Path entry : entries) {
                String suffix = entry.getFileName().toString().substring(TMP_PREFIX.length());
                if (suffix.matches("\\d{1,18}")
                        && ProcessHandle.of(Long.parseLong(suffix))
                                .map(p -> !p.isAlive())
                                .orElse(true)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println(
                    "drover worker: could not sweep the temp directories of dead workers in " + runtimeDir + ": " + e);
        }
        Path own = runtimeDir.resolve(TMP_PREFIX + pid);
        try {
            return Files.createDirectories(own);
        } catch (IOException e) {
            throw new AppLoadException("cannot make the webapps' temp directory " + own + ": " + e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** {@code lib/servlet/} beside the worker's jar, or the {@value #LIB_PROPERTY} property. */
    private static Path lib() throws AppLoadException {
        String override = System.getProperty(LIB_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try {
            Path worker = Path.of(Webapps.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return worker.getParent().resolve("servlet");
        } catch (URISyntaxException | RuntimeException e) {
            throw new AppLoadException("cannot tell where the worker's jar is, to find lib/servlet/: " + e);
        }
    }

    private static URL[] jars(Path lib) throws AppLoadException {
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new AppLoadException("bad servlet container jar path in " + lib + ": " + e.getMessage());
        } catch (IOException e) {
            urls.clear();
        }
        if (urls.isEmpty()) {
            throw new AppLoadException("a webapp needs the servlet container, and there are no jars in " + lib
                    + " (the distribution's lib/servlet/; -D" + LIB_PROPERTY + "=DIR names another)");
        }
        urls.sort(java.util.Comparator.comparing(URL::toString));
        return urls.toArray(URL[]::new);
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse("").strip();
    }
}
