package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        LogFile log = new LogFile(dir.resolve("drover.log"));
        try (DroverProcess drover = DroverProcess.start(
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.HELLO.toString(),
                "--pidfile",
                pidfile.toString(),
                "--logto",
                log.path.toString())) {
            Matcher ready = log.awaitLineFromStart("drover ready: 1×1 on http://127.0.0.1:(\\d+)");
            int port = Integer.parseInt(ready.group(1));
            assertEquals(Long.toString(drover.pid()), Files.readString(pidfile).strip());

            log.mark();
            assertEquals(0, command("reload", "--pidfile", pidfile.toString()));
            log.awaitLine("drover: reload finished: 1 workers");

            log.mark();
            drover.signal("TTIN");
            log.awaitLine("drover worker 2 \\(pid: \\d+\\) ready");
            log.mark();
            assertEquals(200, Http.get(port, "/with-two").statusCode());
            log.awaitLine("/with-two called"); // the apps' output goes to the log file too
            log.mark();
            drover.signal("TTOU");
            log.awaitLine("drover worker 2 \\(pid: \\d+\\) retired");

            log.mark();
            assertEquals(0, command("stop", "--pidfile", pidfile.toString()));
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
            log.awaitLine("drover: stopped");
            assertFalse(Files.exists(pidfile), "the pidfile is removed at exit");
        }
    }

    @Test
    void theMasterFifoTakesUwsgisLetters() throws Exception {
        Path fifo = dir.resolve("drover.fifo");
        LogFile log = new LogFile(dir.resolve("drover.log"));
        try (DroverProcess drover = DroverProcess.start(
                "--http",
                "127.0.0.1:0",
                "--app",
                DroverProcess.HELLO.toString(),
                "--master-fifo",
                fifo.toString(),
                "--logto",
                log.path.toString())) {
            log.awaitLineFromStart("drover ready: 1×1");
            log.mark();
            send(fifo, "+");
            log.awaitLine("drover worker 2 \\(pid: \\d+\\) ready");
            log.mark();
            send(fifo, "s");
            log.awaitLine("^drover: stats \\{\"version\":\"[^\"]+\",\"pid\":" + drover.pid() + ",");
            log.mark();
            send(fifo, "x\n");
            log.awaitLine("drover: master-fifo x: unknown command 'x'; known: reload \\(r, w, c\\)");
            log.mark();
            send(fifo, "r");
            String second = log.awaitLine("drover: worker 2 \\(pid: \\d+\\) replaced by pid (\\d+)")
                    .group(1);
            log.awaitLine("drover: reload finished: 2 workers");
            log.mark(); // the reload's old workers retire too, maybe after this mark: hence the pid
            send(fifo, "-");
            log.awaitLine("drover: master-fifo -: one worker less, 1 now");
            log.awaitLine("drover worker 2 \\(pid: " + second + "\\) retired"); // and it did go
            Files.move(log.path, dir.resolve("drover.log.1"));
            log.mark(); // of the new file, empty until the master reopens it
            send(fifo, "l");
            log.awaitLine("drover: reopened " + Pattern.quote(log.path.toString()));
            log.mark();
            send(fifo, "q");
            assertEquals(0, drover.awaitExit(Duration.ofSeconds(30)));
            log.awaitLine("drover: stopped");
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

    /**
     * The {@code --logto} file, waited on as {@link DroverProcess} waits on its output: a wait
     * looks only at the lines written since the last {@link #mark()}.
     */
    private static final class LogFile {

        final Path path;
        private int mark;

        LogFile(Path path) {
            this.path = path;
        }

        /** Marks the end of the file so far; a file that is not there yet has no lines. */
        void mark() throws IOException {
            mark = lines().size();
        }

        /** Polls the file until a line written since the last mark matches; fails after 60 s. */
        Matcher awaitLine(String regex) throws IOException, InterruptedException {
            return awaitLine(regex, mark);
        }

        /** Polls the file until any of its lines matches: for what the server writes as it starts. */
        Matcher awaitLineFromStart(String regex) throws IOException, InterruptedException {
            return awaitLine(regex, 0);
        }

        private Matcher awaitLine(String regex, int from) throws IOException, InterruptedException {
            Pattern pattern = Pattern.compile(regex);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                List<String> lines = lines();
                for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no line matching /" + regex + "/ in " + path + " within 60 s"
                            + (from == 0 ? "" : " after the mark, past the first " + from + " lines") + ":\n"
                            + String.join("\n", lines));
                }
                Thread.sleep(50);
            }
        }

        /** The file's lines; a line still being written may end in a partial character. */
        private List<String> lines() throws IOException {
            try {
                return new String(Files.readAllBytes(path), StandardCharsets.UTF_8)
                        .lines()
                        .toList();
            } catch (NoSuchFileException e) {
                return List.of();
            }
        }
    }
}
