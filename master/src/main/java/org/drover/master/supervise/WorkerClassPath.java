package org.drover.master.supervise;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The class path a worker JVM runs with. In the distribution that is the worker's jar alone,
 * whose manifest names its dependencies (the API, the wire codec, Guice): the master's
 * {@code lib/} also holds Jetty, picocli, Jackson, Bouncy Castle and jnr, which a worker never
 * loads, and sixty jars make a command line longer than a page of {@code /proc/PID/cmdline}.
 * Anywhere else (the master run from a build's classes) it is the master's own class path.
 *
 * @param argument what follows {@code -cp}
 * @param entries every jar or directory the JVM searches, in order: what a class data sharing
 *     archive depends on
 */
record WorkerClassPath(String argument, List<String> entries) {

    private static final String WORKER_JAR = "drover-worker-";

    WorkerClassPath {
        entries = List.copyOf(entries);
    }

    /** The worker's jar alone if it is on this class path with every jar its manifest names beside it. */
    static WorkerClassPath of(String masterClassPath) {
        List<String> master = Arrays.asList(masterClassPath.split(File.pathSeparator));
        for (String entry : master) {
            Path jar = Path.of(entry).toAbsolutePath();
            String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
            if (name.startsWith(WORKER_JAR) && name.endsWith(".jar") && Files.isRegularFile(jar)) {
                List<String> entries = withManifestClassPath(jar);
                if (!entries.isEmpty()) {
                    return new WorkerClassPath(jar.toString(), entries);
                }
            }
        }
        return new WorkerClassPath(masterClassPath, master);
    }

    /** The jar and the jars its manifest's Class-Path names, or none if one of them is missing. */
    private static List<String> withManifestClassPath(Path jar) {
        String classPath;
        try (JarFile file = new JarFile(jar.toFile())) {
            classPath = file.getManifest() == null
                    ? null
                    : file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException e) {
            return List.of();
        }
        if (classPath == null || classPath.isBlank()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        entries.add(jar.toString());
        for (String name : classPath.trim().split("\\s+")) {
            Path dependency = jar.resolveSibling(name);
            if (!Files.isRegularFile(dependency)) {
                return List.of(); // a build's jar in a Maven repository: its dependencies lie elsewhere
            }
            entries.add(dependency.toString());
        }
        return entries;
    }
}
