package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workers' class path: the worker jar alone where its manifest's jars lie beside it. */
class WorkerClassPathTest {

    @TempDir
    Path lib;

    @Test
    void inALibDirectoryTheWorkerJarAloneCarriesItsDependencies() throws IOException {
        Path worker = jar("drover-worker-1.0.jar", "drover-api-1.0.jar guice-7.0.0.jar");
        Path api = jar("drover-api-1.0.jar", null);
        Path guice = jar("guice-7.0.0.jar", null);
        Path jetty = jar("jetty-server-12.jar", null);
        WorkerClassPath path = WorkerClassPath.of(join(jetty, api, guice, worker));
        assertEquals(worker.toString(), path.argument());
        assertEquals(List.of(worker.toString(), api.toString(), guice.toString()), path.entries());
    }

    @Test
    void aMissingDependencyMeansTheMastersClassPath() throws IOException {
        Path worker = jar("drover-worker-1.0.jar", "drover-api-1.0.jar guice-7.0.0.jar");
        Path api = jar("drover-api-1.0.jar", null);
        String master = join(api, worker);
        WorkerClassPath path = WorkerClassPath.of(master);
        assertEquals(master, path.argument());
        assertEquals(List.of(api.toString(), worker.toString()), path.entries());
    }

    @Test
    void aWorkerJarWithoutAManifestClassPathOrAClassesDirectoryMeansTheMastersClassPath() throws IOException {
        Path worker = jar("drover-worker-1.0.jar", null);
        Path classes = Files.createDirectories(lib.resolve("drover-worker-classes"));
        for (String master : List.of(join(worker), join(classes))) {
            WorkerClassPath path = WorkerClassPath.of(master);
            assertEquals(master, path.argument());
        }
    }

    private Path jar(String name, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path jar = lib.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static String join(Path... entries) {
        return String.join(
                File.pathSeparator,
                java.util.Arrays.stream(entries).map(Path::toString).toList());
    }
}
