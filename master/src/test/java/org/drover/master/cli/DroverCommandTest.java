package org.drover.master.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drover.master.config.Option;
import org.drover.master.config.ServerConfig;
import org.drover.wire.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DroverCommandTest {

    @TempDir
    Path dir;

    String jar;
    ServerConfig served;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void createJar() throws IOException {
        jar = Files.createFile(dir.resolve("hello.jar")).toString();
    }

    @Test
    void servesTheLoadedConfigurationAndReturnsItsExitCode() {
        int code = execute(Map.of(), "--http", ":8000", "--app", jar, "--threads", "4");

        assertEquals(7, code);
        assertEquals("0.0.0.0:8000", served.http().orElseThrow().toString());
        assertEquals(List.of(Path.of(jar)), served.apps());
        assertEquals(4, served.threads());
        assertEquals("", err.toString());
    }

    @Test
    void acceptsEveryNameOfProcesses() {
        assertAll(
                () -> assertEquals(3, processes("-p", "3")),
                () -> assertEquals(3, processes("-p3")),
                () -> assertEquals(3, processes("--workers", "3")),
                () -> assertEquals(3, processes("--processes", "3")),
                () -> assertEquals(3, processes("--processes=3")));
    }

    @Test
    void theLastOfASingleValuedOptionWins() {
        execute(Map.of(), "--http", ":8000", "--app", jar, "-p", "2", "--workers", "5");

        assertEquals(5, served.processes());
    }

    @Test
    void aFlagWithoutValueIsTrue() {
        execute(Map.of(), "--http", ":8000", "--app", jar, "--disable-logging");
        assertTrue(served.disableLogging());

        execute(Map.of(), "--http", ":8000", "--app", jar, "--disable-logging=off");
        assertEquals(false, served.disableLogging());
    }

    @Test
    void takesValuesThatStartWithADash() {
        execute(Map.of(), "--http", ":8000", "--app", jar, "--jvm-opt", "-Xmx64m", "--jvm-opt=-Dx=y");

        assertEquals(List.of("-Xmx64m", "-Dx=y"), served.jvmOpts());
    }

    @Test
    void theCommandLineOverridesTheEnvironmentWhichOverridesTheIniFile() throws IOException {
        Path ini = Files.write(
                dir.resolve("app.ini"),
                List.of("[drover]", "http = :8000", "app = %dhello.jar", "processes = 2", "threads = 2", "listen = 9"));

        execute(Map.of("DROVER_PROCESSES", "3", "DROVER_THREADS", "3"), "--ini", ini.toString(), "--threads", "4");

        assertEquals(List.of(3, 4, 9), List.of(served.processes(), served.threads(), served.listen()));
    }

    @Test
    void printsANoticeForEnableThreadsAndMaster() {
        int code = execute(Map.of(), "--http", ":8000", "--app", jar, "--enable-threads", "--master");

        assertEquals(7, code);
        assertEquals(
                String.format("enable-threads: accepted; a JVM always has threads, nothing to change%n"
                        + "master: accepted; the master is always on, nothing to change%n"),
                out.toString());
    }

    @Test
    void reportsAConfigurationErrorWithExitCode2() {
        int code = execute(Map.of(), "--http", ":8000", "--app", jar, "--processes", "x");

        assertConfigError(code, "processes must be an integer, got 'x' (option --processes on the command line)");
    }

    @Test
    void reportsAnErrorFromTheEnvironment() {
        int code = execute(Map.of("DROVER_THREADS", "0"), "--http", ":8000", "--app", jar);

        assertConfigError(code, "threads must be >= 1, got 0 (environment DROVER_THREADS)");
    }

    @Test
    void reportsAMissingApp() {
        int code = execute(Map.of(), "--http", ":8000", "--app", "/tmp/nope.jar");

        assertConfigError(code, "app: no such file: /tmp/nope.jar (option --app on the command line)");
    }

    @Test
    void reportsAMissingIniFile() {
        assertConfigError(execute(Map.of(), "--ini", "x.ini"), "--ini: no such file: x.ini");
    }

    @Test
    void requiresAnAppAndAListener() {
        assertConfigError(
                execute(Map.of()),
                "no application: give --app FILE (a .jar, .war or webapp directory) or --app-dir DIR");
        err.getBuffer().setLength(0);
        assertConfigError(
                execute(Map.of(), "--app", jar),
                "no listener: give --http [HOST]:PORT, --https [HOST]:PORT,CERT,KEY, or --socket ADDR for nginx");
    }

    @Test
    void reportsAnUnknownOption() {
        assertConfigError(execute(Map.of(), "--procesess", "3"), "unknown option '--procesess' (on the command line)");
        err.getBuffer().setLength(0);
        assertConfigError(execute(Map.of(), "--procesess=3"), "unknown option '--procesess' (on the command line)");
    }

    @Test
    void reportsAPositionalArgument() {
        assertConfigError(
                execute(Map.of(), "--http", ":8000", "hello.jar"),
                "unexpected argument 'hello.jar' (on the command line); did you mean --app hello.jar?");
        err.getBuffer().setLength(0);
        assertConfigError(execute(Map.of(), "serve"), "unexpected argument 'serve' (on the command line)");
    }

    @Test
    void reportsAMissingValue() {
        assertConfigError(
                execute(Map.of(), "--http", ":8000", "--app", jar, "--processes"),
                "Missing required parameter for option '--processes' (N) (on the command line; see drover --help)");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        int code = execute(Map.of(), "--help");

        assertEquals(0, code);
        String help = out.toString().replaceAll("\\s+", " ");
        for (Option option : Option.values()) {
            assertTrue(help.contains(option.names().get(0)), () -> option + " missing from help:\n" + out);
            assertTrue(
                    help.contains(option.description() + " Default: " + option.defaultText() + "."),
                    () -> option + " description or default missing from help:\n" + out);
        }
        assertTrue(help.startsWith("Usage: drover [OPTIONS]"), help);
        assertTrue(help.contains("-p, --workers, --processes=N"), help);
        assertNull(served);
    }

    private int processes(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--http", ":8000", "--app", jar}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        execute(Map.of(), all);
        return served.processes();
    }

    private int execute(Map<String, String> environment, String... args) {
        served = null;
        CommandLine command = new CommandLine(new DroverCommand(
                config -> {
                    served = config;
                    return 7;
                },
                environment));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private void assertConfigError(int code, String message) {
        assertEquals(ExitCodes.CONFIG, code);
        assertEquals("drover: " + message + System.lineSeparator(), err.toString());
        assertNull(served);
    }
}
