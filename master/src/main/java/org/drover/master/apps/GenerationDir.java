package org.drover.master.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The private directory of one generation's apps ({@code apps-N/} in the runtime directory):
 * every jar is copied in, hashed on the way, and the workers load only the copies, so that a
 * jar an operator overwrites in place never breaks a running worker. Deleted once no worker
 * uses the generation.
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
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(copy), digest)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new IOException("cannot copy app jar " + source + ": " + e.getMessage(), e);
        }
        return new Copy(copy, HexFormat.of().formatHex(digest.digest()));
    }

    /** Deletes the copies and the directory; the runtime directory goes at exit anyway. */
    void delete() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // the runtime directory goes at exit anyway
        }
    }
}
