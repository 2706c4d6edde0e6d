package org.drover.master.apps;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What counts as an app on disk, for the snapshot and for the app-dir watch alike: a jar, a WAR,
 * or a webapp directory (one with {@code WEB-INF/}); and a fingerprint of each that changes when
 * it changes.
 */
final class AppFiles {

    private AppFiles() {}

    /** A WAR file, or a webapp directory: served by the servlet container. */
    static boolean isWebapp(Path path) {
        return Files.isDirectory(path)
                ? Files.isDirectory(path.resolve("WEB-INF"))
                : path.toString().endsWith(".war");
    }

    /**
     * The apps of an app-dir, by name: its {@code *.jar} and {@code *.war} files and its webapp
     * directories; hidden entries and anything else are left alone.
     */
    static List<Path> appsIn(Path appDir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(appDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean file = Files.isRegularFile(entry) && (name.endsWith(".jar") || name.endsWith(".war"));
                if (!name.startsWith(".") && (file || Files.isDirectory(entry) && isWebapp(entry))) {
                    found.add(entry);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new IOException("app-dir: cannot list " + appDir + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    /**
     * What changes when the app changes: a file's size and time; a directory's file count, total
     * size and newest time, over its whole tree. "missing" when it is gone.
     */
    static String fingerprint(Path path) {
        try {
            if (!Files.isDirectory(path)) {
                return Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis();
            }
            long files = 0;
            long bytes = 0;
            long newest = 0;
            try (Stream<Path> tree = Files.walk(path)) {
                for (Path file : (Iterable<Path>) tree::iterator) {
                    newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
                    if (Files.isRegularFile(file)) {
                        files++;
                        bytes += Files.size(file);
                    }
                }
            }
            return files + " files, " + bytes + "@" + newest;
        } catch (IOException | RuntimeException e) {
            return "missing";
        }
    }
}
