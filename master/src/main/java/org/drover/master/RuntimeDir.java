package org.drover.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The private directory ({@code 0700}) that holds the master's socket for its workers, and the
 * per-run secret a worker proves itself with.
 */
final class RuntimeDir implements AutoCloseable {

    private final Path dir;
    private final String secret;

    private RuntimeDir(Path dir, String secret) {
        this.dir = dir;
        this.secret = secret;
    }

    static RuntimeDir create() throws IOException {
        // Short paths: a UNIX socket path must stay under 108 bytes.
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "drover-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return new RuntimeDir(dir, HexFormat.of().formatHex(random));
    }

    Path dir() {
        return dir;
    }

    Path socket() {
        return dir.resolve("workers.sock");
    }

    String secret() {
        return secret;
    }

    @Override
    public void close() {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover directory in tmp is harmless
        }
    }
}
