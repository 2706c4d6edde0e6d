package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.drover.master.log.Console;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which workers record, map or skip the class data sharing archive, and what the log says. */
class SharedArchiveTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8));
    private String classPath;

    @BeforeEach
    void jars() throws Exception {
        Path a = Files.write(dir.resolve("a.jar"), new byte[] {1, 2, 3});
        Path b = Files.write(dir.resolve("b.jar"), new byte[] {4, 5});
        classPath = a + File.pathSeparator + b;
    }

    private String log() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theNameChangesWithTheJdkTheClassPathAndEachJar() throws Exception {
        String name = SharedArchive.name(classPath, "/jdk");

        assertTrue(name.startsWith(System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9._+-]", "_") + "-"));
        assertTrue(name.matches("[A-Za-z0-9._+-]+-[0-9a-f]{16}\\.jsa"), name);
        assertEquals(name, SharedArchive.name(classPath, "/jdk"));
        assertNotEquals(name, SharedArchive.name(classPath, "/other-jdk"));
        assertNotEquals(name, SharedArchive.name(classPath.split(File.pathSeparator)[0], "/jdk"));
        Files.setLastModifiedTime(dir.resolve("b.jar"), FileTime.fromMillis(0));
        assertNotEquals(name, SharedArchive.name(classPath, "/jdk"), "a jar rebuilt in place");
    }

    @Test
    void theFirstWorkerRecordsAndTheOthersWaitUntilItHasExited() throws Exception {
        Path cache = dir.resolve("cache/drover/cds");
        SharedArchive archive = SharedArchive.in(Optional.of(cache), classPath, "/jdk", console);
        Path jsa = cache.resolve(SharedArchive.name(classPath, "/jdk"));

        SharedArchive.Use first = archive.next();
        assertTrue(first.trains());
        Path draft = Path.of(first.options().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        assertEquals(cache, draft.getParent(), "drafted beside the archive, so the rename is atomic");
        assertEquals(
                List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
                first.options().subList(1, 3));
        SharedArchive.Use second = archive.next();
        assertFalse(second.trains());
        assertEquals(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"), second.options());

        Files.write(draft, new byte[4096]); // what the recording JVM writes as it exits
        archive.recorded("worker 1 (pid: 42)");

        assertTrue(Files.exists(jsa));
        assertFalse(Files.exists(draft));
        assertEquals(
                List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
                archive.next().options());
        assertTrue(
                log().contains("worker 1 (pid: 42) wrote " + jsa + " (0 MB); workers spawned from now on map it"),
                log());

        SharedArchive.in(Optional.of(cache), classPath, "/jdk", console);
        assertTrue(log().contains("drover: class data sharing: workers map " + jsa), log());
    }

    @Test
    void aRecordingWorkerKilledBeforeItWroteTurnsItOffForTheRun() {
        SharedArchive archive = SharedArchive.in(Optional.of(dir.resolve("cds")), classPath, "/jdk", console);
        assertTrue(archive.next().trains());

        archive.recorded("worker 1 (pid: 42)");

        assertTrue(
                log().contains("class data sharing off for this run: worker 1 (pid: 42) did not leave its archive"),
                log());
        assertEquals(List.of(), archive.next().options());
    }

    @Test
    void aWorkerThatCouldNotBeSpawnedLeavesTheRecordingToTheNext() {
        SharedArchive archive = SharedArchive.in(Optional.of(dir.resolve("cds")), classPath, "/jdk", console);
        SharedArchive.Use use = archive.next();

        archive.notSpawned(use);

        assertTrue(archive.next().trains());
    }

    @Test
    void aCacheDirectoryThatCannotBeMadeTurnsItOffInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "not a directory");

        SharedArchive archive = SharedArchive.in(Optional.of(file.resolve("cds")), classPath, "/jdk", console);

        assertEquals(List.of(), archive.next().options());
        assertEquals(1, log().lines().count(), log());
        assertTrue(
                log().contains("drover: class data sharing off: cannot create cds-dir " + file.resolve("cds")), log());
    }

    @Test
    void aDirectoryOnTheClassPathTurnsItOff() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));

        SharedArchive archive = SharedArchive.in(
                Optional.of(dir.resolve("cds")), classPath + File.pathSeparator + classes, "/jdk", console);

        assertEquals(List.of(), archive.next().options());
        assertTrue(log().contains("the class path holds a directory, " + classes), log());
    }

    @Test
    void offSaysNothingAndAddsNothing() {
        SharedArchive archive = SharedArchive.in(Optional.empty(), classPath, "/jdk", console);

        assertEquals(List.of(), archive.next().options());
        assertEquals("", log());
    }
}
