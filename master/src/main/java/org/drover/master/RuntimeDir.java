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
        sweepDeadMasters(base);
        Path dir = Files.createTempDirectory(
                base,
                "drover-" + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return new RuntimeDir(dir, HexFormat.of().formatHex(random));
    }

    /**
     * Removes the runtime directories of masters that died without cleaning up (kill -9): they
     * are named after the master's pid, and a pid that is not alive owns nothing any more.
     */
    private static void sweepDeadMasters(Path base) {
        try (var entries = Files.newDirectoryStream(base, "drover-*-*")) {
            for (Path entry : entries) {
                java.util.regex.Matcher name =
                        DIR_NAME.matcher(entry.getFileName().toString());
                if (name.matches()
                        && Files.isDirectory(entry)
                        && ProcessHandle.of(Long.parseLong(name.group(1)))
                                .map(p -> !p.isAlive())
                                .orElse(true)) {
                    delete(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a leftover directory in tmp is harmless
        }
    }

    private static final java.util.regex.Pattern DIR_NAME = java.util.regex.Pattern.compile("drover-(\\d+)-\\d+");

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // not ours to worry about
        }
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
        delete(dir);
    }
}
