package org.drover.master.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Writes app jars for the master's tests: a manifest, and Application classes listed by name only. */
public final class TestJars {

    private TestJars() {}

    /**
     * A jar at {@code file} listing these Application classes in its META-INF/services (the
     * classes themselves are not in it: the master only reads their names).
     *
     * @param attributes manifest attributes, name and value, such as {@code "Implementation-Version", "1.4"}
     */
    public static Path jar(Path file, String[] applications, String... attributes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < attributes.length; i += 2) {
            manifest.getMainAttributes().putValue(attributes[i], attributes[i + 1]);
        }
        Files.createDirectories(file.getParent());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            if (applications.length > 0) {
                jar.putNextEntry(new ZipEntry(AppJar.SERVICES));
                jar.write(("# listed for the test\n" + String.join("\n", applications) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    /** A jar listing one Application class. */
    public static Path jar(Path file, String application, String... attributes) throws IOException {
        return jar(file, new String[] {application}, attributes);
    }

    /**
     * A WAR at {@code file} holding these entries, name and text, such as
     * {@code "WEB-INF/web.xml", "<web-app/>"}.
     */
    public static Path war(Path file, String... entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (JarOutputStream war = new JarOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < entries.length; i += 2) {
                war.putNextEntry(new ZipEntry(entries[i]));
                war.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }
}
