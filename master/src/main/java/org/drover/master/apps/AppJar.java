package org.drover.master.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * One app jar of a generation: where it came from, its copy and hash, what its manifest says,
 * and the Application classes it lists in {@code META-INF/services/org.drover.api.Application}.
 * All of it is read from the copy, so the hash and the contents agree.
 *
 * @param name the app's name: {@code Drover-App-Name}, or the file name without {@code .jar} and
 *     without a version ({@code billing-1.4.jar} is {@code billing})
 * @param version the manifest's {@code Implementation-Version}, or ""
 * @param applications the listed classes, in order, each once
 */
record AppJar(Path source, Path copy, String sha256, String name, String version, List<String> applications) {

    static final String SERVICES = "META-INF/services/org.drover.api.Application";

    private static final Pattern VERSIONED = Pattern.compile("(.+?)-\\d[\\w.+-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * Copies a jar into the generation and reads it.
     *
     * @param named whether the app's name must be one a mount can use (app-dir apps); an
     *     {@code --app} jar's name only shows in the listings
     * @throws AppLoadException if the copy is not a readable jar, or its name is not usable
     * @throws IOException if it cannot be copied
     */
    static AppJar read(Path source, GenerationDir dir, boolean named) throws IOException, AppLoadException {
        GenerationDir.Copy copy = dir.copy(source);
        Manifest manifest;
        List<String> applications = new ArrayList<>();
        try (JarFile jar = new JarFile(copy.path().toFile())) {
            manifest = jar.getManifest();
            ZipEntry services = jar.getEntry(SERVICES);
            if (services != null) {
                try (InputStream in = jar.getInputStream(services)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String type = line.replaceFirst("#.*", "").strip();
                        if (!type.isEmpty() && !applications.contains(type)) {
                            applications.add(type);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new AppLoadException("app " + source + " is not a readable jar: " + e.getMessage());
        }
        String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
        return new AppJar(
                source,
                copy.path(),
                copy.sha256(),
                name(source, manifest, named),
                version == null ? "" : version.strip(),
                List.copyOf(applications));
    }

    private static String name(Path jar, Manifest manifest, boolean named) throws AppLoadException {
        String file = jar.getFileName().toString();
        return appName(jar, file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file, manifest, named);
    }

    /**
     * An app's name: {@code Drover-App-Name} from the manifest, or else {@code base} (the file
     * name without its extension) without a version.
     *
     * @param named whether the name must be one a mount can use; if not, an unusable one gives
     *     the file name
     */
    static String appName(Path source, String base, Manifest manifest, boolean named) throws AppLoadException {
        String declared = manifest == null ? null : manifest.getMainAttributes().getValue("Drover-App-Name");
        String name;
        if (declared != null && !declared.isBlank()) {
            name = declared.strip();
        } else {
            name = base;
            Matcher versioned = VERSIONED.matcher(name);
            if (versioned.matches()) {
                name = versioned.group(1);
            }
        }
        if (NAME.matcher(name).matches()) {
            return name;
        }
        if (!named) {
            return source.getFileName().toString();
        }
        throw new AppLoadException("app " + source + ": the app name '" + name + "' is not letters, digits, '.', '_'"
                + " or '-'; rename the file or set Drover-App-Name in its manifest");
    }

    /** The jar's file name, as error messages and the worker's ready line name it. */
    String fileName() {
        return source.getFileName().toString();
    }
}
