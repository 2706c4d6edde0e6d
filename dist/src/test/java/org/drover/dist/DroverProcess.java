package org.drover.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built distribution's {@code bin/drover}, run as a real process: its output is drained
 * into a list of lines that tests wait on with a timeout, and {@link #close()} kills the master
 * and every descendant, so no test leaves a process behind.
 *
 * <p>A wait looks only at the lines printed since the last {@link #mark()}, so that it is never
 * satisfied by a line from before the action it checks: a test marks, acts, then waits. The
 * mark is at the start of the output until {@link #awaitReady()} moves it past the ready line;
 * what the server prints as it starts is read with {@link #awaitLineFromStart}.
 */
final class DroverProcess implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("drover.home", "target/drover"));
    static final Path HELLO = HOME.resolve("apps/hello.jar");
    static final Path ECHO = HOME.resolve("apps/echo.jar");
    static final Path FAULTY = Path.of(System.getProperty("drover.testapps", "../apps/testapps/target/faulty.jar"));
    private static final Pattern READY = Pattern.compile("drover ready: (\\d+)×(\\d+) on (.*)");
    private static final Pattern HTTP = Pattern.compile("http://[^:]+:(\\d+)");
    private static final Pattern UWSGI = Pattern.compile("uwsgi://([^,\\s]+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final String name;
    private final Thread drain;
    /** Where the waits start: an index into {@code lines}, guarded by it. */
    private int mark;

    private int port;
    private String uwsgi;

    private DroverProcess(Process process, String name) {
        this.process = process;
        this.name = name;
        this.drain = new Thread(this::drain, "drain-" + name);
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts {@code bin/drover} with these arguments; workers get small heaps. */
    static DroverProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    static DroverProcess start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/drover").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Class data sharing recycles a run's first worker once it has served, which would move
        // the workers of tests that count them; CdsIT turns it on.
        builder.environment().put("DROVER_CDS", "off");
        builder.environment().putAll(env);
        if (!Files.isExecutable(HOME.resolve("bin/drover"))) {
            throw new IllegalStateException("no distribution at " + HOME + "; run mvn package first");
        }
        return new DroverProcess(builder.start(), String.join(" ", args));
    }

    /** Runs a command that starts {@code bin/drover} in its own way (under unshare, say). */
    static DroverProcess run(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new DroverProcess(builder.start(), String.join(" ", command));
    }

    /** Starts a server on an ephemeral loopback port and waits for its ready line. */
    static DroverProcess serve(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--http", "127.0.0.1:0"));
        all.addAll(List.of(args));
        DroverProcess drover = start(all.toArray(String[]::new));
        try {
            drover.awaitReady();
        } catch (RuntimeException | Error e) {
            drover.close();
            throw e;
        }
        return drover;
    }

    /**
     * Waits for the ready line, reads the bound HTTP port and uwsgi address from it, and marks
     * the output: the waits that follow look at what the test's actions print.
     */
    DroverProcess awaitReady() {
        String listeners = awaitLineFromStart(READY, Duration.ofSeconds(60)).group(3);
        mark();
        Matcher http = HTTP.matcher(listeners);
        port = http.find() ? Integer.parseInt(http.group(1)) : -1;
        Matcher uwsgiAddress = UWSGI.matcher(listeners);
        uwsgi = uwsgiAddress.find() ? uwsgiAddress.group(1) : null;
        return this;
    }

    /** The uwsgi listener from the ready line: HOST:PORT or a UNIX socket path. */
    String uwsgiAddress() {
        return uwsgi;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    private void drain() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println("[drover] " + line);
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Marks the end of the output so far: the waits that follow look only at the lines after it. */
    void mark() {
        synchronized (lines) {
            mark = lines.size();
        }
    }

    /** Waits until a line printed since the last mark matches; fails after the timeout. */
    Matcher awaitLine(Pattern pattern, Duration timeout) {
        synchronized (lines) {
            return awaitLine(pattern, mark, timeout);
        }
    }

    /** Waits up to 30 s until a line printed since the last mark matches. */
    Matcher awaitLine(String regex) {
        return awaitLine(Pattern.compile(regex), Duration.ofSeconds(30));
    }

    /** Waits until any line of the output, from its start, matches: for what the server prints as it starts. */
    Matcher awaitLineFromStart(Pattern pattern, Duration timeout) {
        return awaitLine(pattern, 0, timeout);
    }

    /** Waits up to 30 s until any line of the output, from its start, matches. */
    Matcher awaitLineFromStart(String regex) {
        return awaitLineFromStart(Pattern.compile(regex), Duration.ofSeconds(30));
    }

    private Matcher awaitLine(Pattern pattern, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int checked = from;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    Matcher m = pattern.matcher(lines.get(checked));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no line matching /" + pattern + "/ within " + timeout
                            + (from == 0 ? "" : " after the mark, past the first " + from + " lines,") + " from drover "
                            + name + "; output:\n"
                            + String.join("\n", lines));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    /** The lines printed since the last mark. */
    List<String> linesSinceMark() {
        synchronized (lines) {
            return List.copyOf(lines.subList(mark, lines.size()));
        }
    }

    /** Every line printed so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String output() {
        return String.join("\n", lines());
    }

    /**
     * Sends the master a signal by name ({@code TERM}, {@code HUP}, ...) with {@code kill}, so that
     * its output can still be read: {@code Process.destroy()} closes the output pipe as it signals.
     */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the process to exit and returns its code; fails after the timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("drover " + name + " did not exit within " + timeout + "; output:\n" + output());
        }
        drain.join(5000); // the last lines
        return process.exitValue();
    }

    /** The worker processes: the master's children that run WorkerMain. */
    List<ProcessHandle> workers() {
        return process.children()
                .filter(p -> commandLine(p).contains("org.drover.worker.WorkerMain"))
                .toList();
    }

    /**
     * The whole command line from {@code /proc}: {@link ProcessHandle.Info#commandLine()} is
     * empty when it is longer than a page, as a long class path under a deep directory makes it.
     */
    static String commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // it has exited
        }
    }

    /**
     * Stops the master at once (SIGTERM twice: the second one kills the workers and lets the
     * master clean up), then kills whatever is left, descendants first, and waits for them.
     */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            for (int i = 0; i < 2 && process.isAlive(); i++) {
                process.destroy();
                process.waitFor(i == 0 ? 300 : 5000, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle p : descendants) {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // best effort; the next check names anything left
        }
    }
}
