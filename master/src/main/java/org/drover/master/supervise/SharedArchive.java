package org.drover.master.supervise;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.management.ObjectName;
import org.drover.master.log.Console;

/**
 * Class data sharing for the workers: a dynamic CDS archive of the classes a worker loads from
 * the class path (Drover's runtime, Guice, Jetty; an app's classes come from loaders of their own
 * and are not archived), which every worker maps instead of loading and verifying those classes
 * again. The first worker of a run that finds no archive records one
 * ({@code -XX:ArchiveClassesAtExit}, written when its JVM exits, by {@code Runtime.halt} too) and
 * is recycled once it has served; the archive is then renamed into the cache directory, atomically,
 * as {@code JDK-HASH.jsa}, where the hash covers the JDK's home, the exact class path and each
 * jar's size and modification time, so that an archive never meets another JDK build or other
 * jars. The CDS warnings of a JVM (an archive that does not match, classes it cannot archive) are
 * kept out of the operator's log: a worker that cannot map the archive just starts without it.
 * The supervisor's thread alone uses it.
 */
final class SharedArchive {

    /** Options that keep a worker's CDS warnings off its stderr, which is the operator's log. */
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private enum State {
        OFF,
        MISSING,
        TRAINING,
        MAPPED
    }

    /** The options of one worker: what to add to its command, and whether it records the archive. */
    record Use(List<String> options, boolean trains) {
        static final Use NONE = new Use(List.of(), false);
    }

    private final Console console;
    private final Path archive;
    private final Path draft;
    private State state;

    private SharedArchive(Console console, Path archive, State state) {
        this.console = console;
        this.archive = archive;
        this.draft = archive == null
                ? null
                : archive.resolveSibling(
                        archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        this.state = state;
    }

    /** No class data sharing. */
    static SharedArchive off() {
        return new SharedArchive(null, null, State.OFF);
    }

    /**
     * The archive for this class path in this directory: mapped if it is there, recorded by the
     * next worker if the directory can take it, else off, said in one line.
     */
    static SharedArchive in(Optional<Path> dir, String classPath, String javaHome, Console console) {
        if (dir.isEmpty()) {
            return off();
        }
        String problem = null;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                // The JVM cannot archive from a directory on the class path, and fails at the dump.
                problem = "the class path holds a directory, " + entry + "; class data sharing needs jars";
                break;
            }
        }
        Path archive = problem == null ? dir.get().resolve(name(classPath, javaHome)) : null;
        if (archive != null && Files.isReadable(archive)) {
            console.log("drover: class data sharing: workers map " + archive);
            return new SharedArchive(console, archive, State.MAPPED);
        }
        if (archive != null) {
            try {
                Files.createDirectories(dir.get());
                if (!Files.isWritable(dir.get())) {
                    problem = "cds-dir " + dir.get() + " is not writable";
                }
            } catch (IOException e) {
                problem = "cannot create cds-dir " + dir.get() + ": " + e;
            }
        }
        if (problem != null) {
            console.log("drover: class data sharing off: " + problem);
            return off();
        }
        return new SharedArchive(console, archive, State.MISSING);
    }

    /**
     * The archive's file name: the JDK build, and a hash of the JDK's home, the class path string
     * and each jar's size and modification time.
     */
    static String name(String classPath, String javaHome) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        StringBuilder key =
                new StringBuilder(javaHome).append('\n').append(classPath).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            File jar = new File(entry);
            key.append(jar.length()).append(' ').append(jar.lastModified()).append('\n');
        }
        String hash = HexFormat.of()
                .formatHex(sha.digest(key.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        String jdk = System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9._+-]", "_");
        return jdk + "-" + hash + ".jsa";
    }

    /** The options of the worker about to be spawned; the first while none exists records it. */
    Use next() {
        return switch (state) {
            case OFF -> Use.NONE;
            case MAPPED -> new Use(options("-XX:SharedArchiveFile=" + archive), false);
            case TRAINING -> new Use(QUIET, false); // until the recording worker has exited
            case MISSING -> {
                state = State.TRAINING;
                yield new Use(options("-XX:ArchiveClassesAtExit=" + draft), true);
            }
        };
    }

    private static List<String> options(String option) {
        List<String> options = new ArrayList<>(QUIET);
        options.add(0, option);
        return List.copyOf(options);
    }

    /** Renames what a JVM wrote into place, atomically, so that no worker maps half an archive. */
    private static void install(Path draft, Path archive) throws IOException {
        if (Files.size(draft) == 0) {
            throw new IOException("it is empty");
        }
        try {
            Files.move(draft, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename it in place: " + e.getMessage(), e);
        }
    }

    /** The worker that was to record the archive could not be started: the next one does. */
    void notSpawned(Use use) {
        if (use.trains()) {
            state = State.MISSING;
        }
    }

    /** The recording worker (as the log names it) spawned: says so, once. */
    void recording(String worker) {
        console.log("drover: class data sharing: no archive for this JDK and class path yet; " + worker
                + " records one, and is replaced once it has served");
    }

    /**
     * The recording worker has exited: its JVM wrote the archive on its way out, which becomes
     * the one later workers map. If it did not (killed), this run goes on without.
     */
    void recorded(String worker) {
        if (state != State.TRAINING) {
            return;
        }
        try {
            install(draft, archive);
            state = State.MAPPED;
            console.log("drover: class data sharing: " + worker + " wrote " + archive + " ("
                    + Files.size(archive) / (1024 * 1024) + " MB); workers spawned from now on map it");
        } catch (IOException e) {
            state = State.OFF;
            console.log("drover: class data sharing off for this run: " + worker + " did not leave its archive "
                    + draft + " (" + (Files.exists(draft) ? e.getMessage() : "killed before it could write it")
                    + ")");
            try {
                Files.deleteIfExists(draft);
            } catch (IOException ignored) {
                // a draft left behind is overwritten by the next run's
            }
        }
    }

    /** The system property by which the launcher asks the master to record its own archive. */
    static final String MASTER_ARCHIVE = "drover.master.archive";

    /**
     * Records the master's own archive, if the launcher asked for it ({@code bin/drover} maps it
     * at the next start): a dynamic dump of the classes loaded so far ({@code jcmd VM.cds
     * dynamic_dump}, which the launcher's {@code -XX:+RecordDynamicDumpInfo} allows), on a thread
     * of its own, written beside its name and renamed into place. Nothing if class data sharing
     * is off in the configuration.
     */
    static void recordMaster(Optional<Path> cdsDir, Console console) {
        String wanted = System.getProperty(MASTER_ARCHIVE);
        if (wanted == null || wanted.isEmpty() || cdsDir.isEmpty()) {
            return;
        }
        Path archive = Path.of(wanted);
        Thread thread = new Thread(
                () -> {
                    Path draft = archive.resolveSibling(archive.getFileName() + "."
                            + ProcessHandle.current().pid() + ".tmp");
                    try {
                        Files.createDirectories(archive.getParent());
                        ManagementFactory.getPlatformMBeanServer()
                                .invoke(
                                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                                        "vmCds",
                                        new Object[] {new String[] {"dynamic_dump", draft.toString()}},
                                        new String[] {String[].class.getName()});
                        install(draft, archive);
                        console.log("drover: class data sharing: the master wrote " + archive + " ("
                                + Files.size(archive) / (1024 * 1024) + " MB); the next start maps it");
                    } catch (Exception e) {
                        console.log("drover: class data sharing: the master could not record its archive " + archive
                                + ": " + e);
                        try {
                            Files.deleteIfExists(draft);
                        } catch (IOException ignored) {
                            // a draft left behind is overwritten by the next start's
                        }
                    }
                },
                "drover-cds-dump");
        thread.setDaemon(true);
        thread.start();
    }
}
