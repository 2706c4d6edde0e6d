package org.drover.worker.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a worker's webapps keep their temp files, and what it clears of dead workers'. */
class WebappsTest {

    @TempDir
    Path runtime;

    @Test
    void aWorkerMakesItsOwnTempDirectoryAndRemovesOnlyThoseOfDeadWorkers() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path dead = Files.createDirectories(
                runtime.resolve("webapp-tmp-" + gone.pid()).resolve("shop/upload"));
        Files.writeString(dead.resolve("part-1"), "left by a worker killed in an upload");
        Path alive = Files.createDirectories(
                runtime.resolve("webapp-tmp-" + ProcessHandle.current().pid()));
        Path notOurs = Files.createDirectories(runtime.resolve("webapp-tmp-notapid"));
        long me = ProcessHandle.current().pid();

        Path own = Webapps.tempDirectory(runtime, me);

        assertEquals(runtime.resolve("webapp-tmp-" + me), own);
        assertTrue(Files.isDirectory(own));
        assertFalse(
                Files.exists(runtime.resolve("webapp-tmp-" + gone.pid())), "a dead worker's is removed, files and all");
        assertTrue(Files.isDirectory(alive), "a live worker's stays");
        assertTrue(Files.isDirectory(notOurs), "what is not a worker's stays");
    }
}
