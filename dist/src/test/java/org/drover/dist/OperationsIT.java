package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator does to a running server: pidfile, logto, drover reload/stop, SIGTTIN/SIGTTOU. */
class OperationsIT {

    @TempDir
    Path dir;

    @Test
    void aServerIsRunWithItsPidfileAndLogFile() throws Exception {
        Path pidfile = dir.resolve("drover.pid");
        Path log = dir.resolve("drover.log");
        try (DroverProcess drover = DroverProcess.start(
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.HELLO.toString(),
                "--pidfile",
                pidfile.toString(),
                "--logto",
                log.toString())) {
            Matcher ready = awaitInFile(log, "drover ready: 1×1 on http://127.0.0.1:(\\d+)");
            int port = Integer.parseInt(ready.group(1));
            assertEquals(Long.toString(drover.pid()), Files.readString(pidfile).strip());

            assertEquals(0, command("reload", "--pidfile", pidfile.toString()));
            awaitInFile(log, "drover: reload finished: 1 workers");

            signal(drover, "TTIN");
            awaitInFile(log, "drover worker 2 \\(pid: \\d+\\) ready");
            assertEquals(200, Http.get(port, "/with-two").statusCode());
            awaitInFile(log, "/with-two called"); // the apps' output goes to the log file too
            signal(drover, "TTOU");
            awaitInFile(log, "drover worker 2 \\(pid: \\d+\\) retired");

            assertEquals(0, command("stop", "--pidfile", pidfile.toString()));
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
            awaitInFile(log, "drover: stopped");
            assertFalse(Files.exists(pidfile), "the pidfile is removed at exit");
        }
    }

    @Test
    void theMasterFifoTakesUwsgisLetters() throws Exception {
        Path fifo = dir.resolve("drover.fifo");
        Path log = dir.resolve("drover.log");
        try (DroverProcess drover = DroverProcess.start(
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.HELLO.toString(),
                "--master-fifo",
                fifo.toString(),
                "--logto",
                log.toString())) {
            awaitInFile(log, "drover ready: 1×1");
            send(fifo, "+");
            awaitInFile(log, "drover worker 2 \\(pid: \\d+\\) ready");
            send(fifo, "s");
            awaitInFile(log, "^drover: stats \\{\"version\":\"[^\"]+\",\"pid\":" + drover.pid() + ",");
            send(fifo, "x\n");
            awaitInFile(log, "drover: master-fifo x: unknown command 'x'; known: reload \\(r, w, c\\)");
            send(fifo, "r");
            awaitInFile(log, "drover: reload finished: 2 workers");
            send(fifo, "-");
            awaitInFile(log, "drover: master-fifo -: one worker less, 1 now");
            awaitInFile(log, "drover worker 2 \\(pid: \\d+\\) retired"); // and it did go
            Files.move(log, dir.resolve("drover.log.1"));
            send(fifo, "l");
            awaitInFile(log, "drover: reopened " + Pattern.quote(log.toString()));
            send(fifo, "q");
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
            awaitInFile(log, "drover: stopped");
            assertFalse(Files.exists(fifo), "the FIFO is removed at exit");
        }
    }

    private static void send(Path fifo, String letters) throws IOException {
        Files.writeString(fifo, letters); // opening for writing waits for the master's reader
    }

    @Test
    void reloadWithoutARunningMasterSaysSo() throws Exception {
        Path pidfile = dir.resolve("none.pid");
        try (DroverProcess reload = DroverProcess.start("reload", "--pidfile", pidfile.toString())) {
            assertEquals(1, reload.awaitExit(Duration.ofSeconds(30)));
            assertTrue(reload.output().contains("drover: no pidfile " + pidfile), reload.output());
        }
    }

    private static int command(String... args) throws Exception {
        try (DroverProcess command = DroverProcess.start(args)) {
            return command.awaitExit(Duration.ofSeconds(30));
        }
    }

    private static void signal(DroverProcess drover, String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(drover.pid()))
                .start()
                .waitFor(10, TimeUnit.SECONDS);
    }

    /** Polls the file until a line matches; fails after 60 s. */
    private static Matcher awaitInFile(Path file, String regex) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line matching /" + regex + "/ in " + file + " within 60 s:\n"
                        + (Files.exists(file) ? Files.readString(file) : "(no file)"));
            }
            Thread.sleep(50);
        }
    }
}
