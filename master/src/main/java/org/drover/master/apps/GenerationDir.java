package org.drover.master.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The private directory of one generation's apps ({@code apps-N/} in the runtime directory):
 * every jar is copied in, every WAR unpacked and every webapp directory copied, each hashed,
 * and the workers load only the copies, so that an app an operator overwrites in place never
 * breaks a running worker, and no worker unpacks its own. Deleted once no worker uses the
 * generation.
 */
final class GenerationDir {

    /** A jar's copy and the SHA-256 of its bytes. */
    record Copy(Path path, String sha256) {}

    private final Path dir;

    private GenerationDir(Path dir) {
        this.dir = dir;
    }

    static GenerationDir create(Path runtime, int generation) throws IOException {
        return new GenerationDir(Files.createDirectories(runtime.resolve("apps-" + generation)));
    }

    /** Copies a jar in, hashing it on the way; two jars of one file name get two names. */
    Copy copy(Path source) throws IOException {
        Path copy = dir.resolve(source.getFileName());
        for (int n = 2; Files.exists(copy); n++) {
            copy = dir.resolve(n + "-" + source.getFileName());
        }
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(copy), digest)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new IOException("cannot copy app jar " + source + ": " + e.getMessage(), e);
        }
        return new Copy(copy, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Unpacks a WAR into a directory of the generation, named after it; an entry that would land
     * outside that directory refuses the WAR.
     *
     * @return the directory, and the SHA-256 over its sorted paths and contents (so a WAR zipped
     *     again with the same contents keeps its hash)
     * @throws AppLoadException if the WAR cannot be read as a zip
     */
    Copy unpack(Path war) throws IOException, AppLoadException {
        Path target = freshDirectory(war);
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new AppLoadException("webapp " + war + " has an entry outside itself: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (ZipException e) {
            throw new AppLoadException("webapp " + war + " is not a readable war: " + e.getMessage());
        }
        return new Copy(target, hashTree(target));
    }

    /** Copies a webapp directory into the generation, hashed as an unpacked WAR is. */
    Copy copyTree(Path source) throws IOException {
        Path target = freshDirectory(source);
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path from : (Iterable<Path>) tree::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IOException("cannot copy webapp " + source + ": " + e.getMessage(), e);
        }
        return new Copy(target, hashTree(target));
    }

    /** A directory for a webapp, named after its source without {@code .war}; a second of one name gets {@code 2-}. */
    private Path freshDirectory(Path source) throws IOException {
        String name = source.getFileName().toString().replaceFirst("\\.war$", "");
        Path target = dir.resolve(name);
        for (int n = 2; Files.exists(target); n++) {
            target = dir.resolve(n + "-" + name);
        }
        return Files.createDirectories(target);
    }

    /** The SHA-256 over every file of a tree: its path from the root, then its bytes, in path order. */
    private static String hashTree(Path root) throws IOException {
        MessageDigest digest = sha256();
        List<Path> files;
        try (Stream<Path> tree = Files.walk(root)) {
            files = tree.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            digest.update(root.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Deletes the copies and the directory; the runtime directory goes at exit anyway. */
    void delete() {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // the runtime directory goes at exit anyway
        }
    }
}
