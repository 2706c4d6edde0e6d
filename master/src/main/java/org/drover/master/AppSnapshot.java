package org.drover.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A private copy of the app jars, made when the server starts and at each reload. Workers load
 * the copy, so a jar that an operator overwrites in place ({@code cp new.jar app.jar} rewrites
 * the same file) never breaks a running worker, and a respawn loads what the others run.
 */
final class AppSnapshot {

    private final int generation;
    private final Path dir;
    private final List<Path> jars;

    private AppSnapshot(int generation, Path dir, List<Path> jars) {
        this.generation = generation;
        this.dir = dir;
        this.jars = List.copyOf(jars);
    }

    /** Copies the jars into a new directory under {@code runtime}. */
    static AppSnapshot take(Path runtime, int generation, List<Path> sources) throws IOException {
        Path dir = Files.createDirectories(runtime.resolve("apps-" + generation));
        List<Path> copies = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Path source = sources.get(i);
            Path copy = dir.resolve(source.getFileName());
            if (copies.contains(copy)) {
                copy = dir.resolve(i + "-" + source.getFileName()); // two jars of one name
            }
            try {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException("cannot copy app jar " + source + ": " + e.getMessage(), e);
            }
            copies.add(copy);
        }
        return new AppSnapshot(generation, dir, copies);
    }

    int generation() {
        return generation;
    }

    /** The copies, in the order of the original jars. */
    List<Path> jars() {
        return jars;
    }

    /** Deletes the copies; called once no worker uses them. */
    void delete() {
        try {
            for (Path jar : jars) {
                Files.deleteIfExists(jar);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // the runtime directory goes at exit anyway
        }
    }
}
