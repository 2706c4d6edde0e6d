package org.drover.master.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * One servlet webapp of a generation, a WAR or a webapp directory: where it came from, the
 * directory it was unpacked or copied to (the worker's servlet container serves that copy, never
 * the source), the SHA-256 over the copy's sorted paths and contents, its name and version.
 *
 * @param name {@code Drover-App-Name} from {@code META-INF/MANIFEST.MF}, else the file name
 *     without {@code .war} and without a version ({@code billing-1.4.war} is {@code billing});
 *     {@code ROOT} is served at {@code /}
 * @param version the manifest's {@code Implementation-Version}, else the version of the
 *     webapp's Maven {@code pom.properties}, or ""
 */
record WebApp(Path source, Path copy, String sha256, String name, String version) {

    /** The name Tomcat gives the webapp at the root; Drover follows it. */
    static final String ROOT = "ROOT";

    /**
     * Unpacks a WAR (or copies a webapp directory) into the generation and reads it.
     *
     * @throws AppLoadException if it is not a readable WAR, or its name is not usable
     * @throws IOException if it cannot be copied
     */
    static WebApp read(Path source, GenerationDir dir) throws IOException, AppLoadException {
        GenerationDir.Copy copy = Files.isDirectory(source) ? dir.copyTree(source) : dir.unpack(source);
        Manifest manifest = null;
        Path manifestFile = copy.path().resolve("META-INF/MANIFEST.MF");
        if (Files.isRegularFile(manifestFile)) {
            try (InputStream in = Files.newInputStream(manifestFile)) {
                manifest = new Manifest(in);
            } catch (IOException e) {
                throw new AppLoadException("webapp " + source + ": unreadable META-INF/MANIFEST.MF: " + e.getMessage());
            }
        }
        String file = source.getFileName().toString();
        String name = AppJar.appName(
                source, file.endsWith(".war") ? file.substring(0, file.length() - 4) : file, manifest, true);
        return new WebApp(source, copy.path(), copy.sha256(), name, version(copy.path(), manifest));
    }

    private static String version(Path webapp, Manifest manifest) throws IOException {
        String declared = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
        if (declared != null && !declared.isBlank()) {
            return declared.strip();
        }
        Path maven = webapp.resolve("META-INF/maven");
        if (!Files.isDirectory(maven)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(maven, 3)) {
            Path pom = files.filter(p -> p.getFileName().toString().equals("pom.properties"))
                    .sorted()
                    .findFirst()
                    .orElse(null);
            if (pom == null) {
                return "";
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(pom)) {
                properties.load(in);
            }
            return properties.getProperty("version", "").strip();
        }
    }

    /** The file name of its source, as messages name it. */
    String fileName() {
        return source.getFileName().toString();
    }

    /** The mount a webapp gets without a {@code mount} option: {@code /NAME}, or {@code /} for ROOT. */
    String defaultPrefix() {
        return name.equals(ROOT) ? "/" : "/" + name;
    }
}
