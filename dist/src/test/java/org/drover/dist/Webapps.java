package org.drover.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The test webapps, built by {@code apps/webapp-*} and copied by the dist's build to
 * {@code target/webapps}: a plain servlet WAR, a Jersey one and a Spring Boot one; and the
 * libraries the class-loading tests bundle in a webapp's {@code WEB-INF/lib}.
 */
final class Webapps {

    private static final Path DIR = Path.of(System.getProperty("drover.webapps", "target/webapps"));
    private static final Path LIBS = Path.of(System.getProperty("drover.webapp-libs", "target/webapp-libs"));

    static final Path HELLO = DIR.resolve("hello-webapp.war");
    static final Path JERSEY = DIR.resolve("jersey-webapp.war");
    static final Path SPRING = DIR.resolve("spring-webapp.war");

    private Webapps() {}

    /** A library of {@code target/webapp-libs}, such as {@code guava-33.5.0-jre.jar}. */
    static Path library(String jar) {
        return LIBS.resolve(jar);
    }

    /** Unpacks a WAR into {@code dir}, a webapp directory, with these jars added to its {@code WEB-INF/lib}. */
    static Path exploded(Path war, Path dir, Path... libraries) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                Path file = dir.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path lib = Files.createDirectories(dir.resolve("WEB-INF/lib"));
        for (Path library : libraries) {
            Files.copy(library, lib.resolve(library.getFileName()));
        }
        return dir;
    }

    /** Copies under a hidden name, then renames into place: the pattern docs/deploy.md advises. */
    static void deploy(Path war, Path appDir, String name) throws IOException {
        Path part = appDir.resolve("." + name + ".part");
        Files.copy(war, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, appDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
