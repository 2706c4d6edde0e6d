package org.drover.master.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    Path jar;

    @BeforeEach
    void createJar() throws IOException {
        jar = Files.createFile(dir.resolve("hello.jar"));
    }

    @Test
    void usesTheDefaultsOfTheTable() {
        ServerConfig config =
                load(cli("http", ":8000", "app", jar.toString()), Map.of()).config();

        assertEquals(
                new ServerConfig(
                        Optional.of(new ServerConfig.HostPort("0.0.0.0", 8000)),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of(jar),
                        List.of(),
                        2,
                        Optional.empty(),
                        Map.of(),
                        1,
                        1,
                        new Cheaper(
                                0,
                                1,
                                1,
                                Cheaper.Algorithm.HEADROOM,
                                3,
                                10,
                                75,
                                new Cheaper.Busyness(50, 25, 10, 2, 33, 3, 1, 60, false)),
                        new StaticFiles(List.of(), List.of(), List.of(), List.of(), List.of(), true),
                        100,
                        65536,
                        0,
                        8192,
                        false,
                        Map.of(),
                        Map.of(),
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        new ServerConfig.Logging(Optional.empty(), 0, false, false),
                        new Lifecycle(
                                0,
                                5,
                                false,
                                60,
                                0,
                                0,
                                0,
                                0,
                                0,
                                10,
                                List.of(),
                                0,
                                30,
                                0,
                                60,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        Optional.empty()),
                config);
    }

    @Test
    void classDataSharingIsKeptInTheUsersCacheDirectory() {
        List<Setting> base = cli("http", ":8000", "app", jar.toString());

        assertEquals(
                Optional.of(Path.of("/home/ann/.cache/drover/cds")),
                load(base, Map.of("HOME", "/home/ann")).config().cdsDir());
        assertEquals(
                Optional.of(Path.of("/var/cache/x/drover/cds")),
                load(base, Map.of("HOME", "/home/ann", "XDG_CACHE_HOME", "/var/cache/x"))
                        .config()
                        .cdsDir());
        assertEquals(
                Optional.of(Path.of("/home/ann/.cache/drover/cds")),
                load(base, Map.of("HOME", "/home/ann", "XDG_CACHE_HOME", "relative/cache"))
                        .config()
                        .cdsDir(),
                "a relative XDG_CACHE_HOME is ignored, as the XDG spec says");
    }

    @Test
    void classDataSharingCanBeMovedOrTurnedOff() {
        Map<String, String> env = Map.of("HOME", "/home/ann");

        assertEquals(
                Optional.of(Path.of("/srv/cds")),
                load(cli("http", ":8000", "app", jar.toString(), "cds-dir", "/srv/cds"), env)
                        .config()
                        .cdsDir());
        assertEquals(
                Optional.empty(),
                load(cli("http", ":8000", "app", jar.toString(), "cds", "off"), env)
                        .config()
                        .cdsDir());
        assertEquals(
                Optional.empty(),
                load(cli("http", ":8000", "app", jar.toString()), Map.of("HOME", "/home/ann", "DROVER_CDS", "off"))
                        .config()
                        .cdsDir());
    }

    @Test
    void readsEveryKindOfOption() {
        ServerConfig config = load(
                        cli(
                                "http",
                                "127.0.0.1:0",
                                "app",
                                jar.toString(),
                                "module",
                                "com.example.Hello",
                                "processes",
                                "3",
                                "threads",
                                "4",
                                "listen",
                                "0",
                                "post-buffering",
                                "1m",
                                "limit-post",
                                "2g",
                                "buffer-size",
                                "16k",
                                "disable-logging",
                                "yes",
                                "set",
                                "hello.sleep=10",
                                "env",
                                "TZ=UTC",
                                "chdir",
                                dir.toString(),
                                "jvm-opt",
                                "-Xmx64m",
                                "jvm-opt",
                                "-XX:+UseSerialGC"),
                        Map.of())
                .config();

        assertEquals("127.0.0.1:0", config.http().orElseThrow().toString());
        assertEquals(Optional.of("com.example.Hello"), config.module());
        assertEquals(3, config.processes());
        assertEquals(4, config.threads());
        assertEquals(0, config.listen());
        assertEquals(1L << 20, config.postBuffering());
        assertEquals(2L << 30, config.limitPost());
        assertEquals(16384, config.bufferSize());
        assertEquals(true, config.disableLogging());
        assertEquals(Map.of("hello.sleep", "10"), config.set());
        assertEquals(Map.of("TZ", "UTC"), config.env());
        assertEquals(Optional.of(dir), config.chdir());
        assertEquals(List.of("-Xmx64m", "-XX:+UseSerialGC"), config.jvmOpts());
    }

    @Test
    void makesRelativeAppPathsAbsoluteAgainstTheCurrentDirectory() throws IOException {
        Path relative =
                Path.of("target", "config-test-" + ProcessHandle.current().pid() + ".jar");
        Files.createDirectories(relative.getParent());
        Files.deleteIfExists(relative);
        Files.createFile(relative);
        try {
            ServerConfig config = load(cli("http", ":1", "app", relative.toString()), Map.of())
                    .config();

            assertEquals(List.of(relative.toAbsolutePath()), config.apps());
        } finally {
            Files.delete(relative);
        }
    }

    @Test
    void environmentOverridesTheIniFileAndTheCommandLineOverridesTheEnvironment() throws IOException {
        Path ini = write(
                "app.ini", "[drover]", "http = :8000", "app = " + jar, "processes = 2", "threads = 2", "listen = 7");

        ServerConfig config = load(
                        cli("ini", ini.toString(), "threads", "4"),
                        Map.of("DROVER_PROCESSES", "3", "DROVER_THREADS", "3"))
                .config();

        assertEquals(3, config.processes());
        assertEquals(4, config.threads());
        assertEquals(7, config.listen());
        assertEquals(Optional.of(ini), config.ini());
    }

    @Test
    void repeatableOptionsAccumulateInTheOrderIniEnvironmentCommandLine() throws IOException {
        Path other = Files.createFile(dir.resolve("other.jar"));
        Path third = Files.createFile(dir.resolve("third.jar"));
        Path ini = write(
                "app.ini",
                "[drover]",
                "http = :8000",
                "app = " + jar,
                "set = a=ini",
                "set = b=ini",
                "jvm-opt = -Dfrom=ini");

        ServerConfig config = load(
                        cli(
                                "ini",
                                ini.toString(),
                                "app",
                                third.toString(),
                                "set",
                                "a=cli",
                                "set",
                                "c=cli",
                                "jvm-opt",
                                "-Dfrom=cli"),
                        Map.of("DROVER_APP", other.toString(), "DROVER_SET", "b=env", "DROVER_JVM_OPT", "-Dfrom=env"))
                .config();

        assertEquals(List.of(jar, other, third), config.apps());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("a", "cli");
        expected.put("b", "env");
        expected.put("c", "cli");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(config.set().entrySet()));
        assertEquals(List.of("-Dfrom=ini", "-Dfrom=env", "-Dfrom=cli"), config.jvmOpts());
    }

    @Test
    void readsTheIniFileNamedInTheEnvironment() throws IOException {
        Path ini = write("env.ini", "[drover]", "http = :8000", "app = " + jar, "threads = 5");

        ServerConfig config =
                load(List.of(), Map.of("DROVER_INI", ini.toString())).config();

        assertEquals(5, config.threads());
        assertEquals(Optional.of(ini), config.ini());
    }

    @Test
    void ignoresUnknownDroverVariables() {
        ServerConfig config = load(
                        cli("http", ":8000", "app", jar.toString()),
                        Map.of("DROVER_OPTS", "-Xmx1g", "DROVER_HOME", "/opt/drover", "DROVER_PROCESES", "3"))
                .config();

        assertEquals(1, config.processes());
    }

    @Test
    void noticesEnableThreadsAndMasterOnceEach() throws IOException {
        Path ini = write("app.ini", "[drover]", "master = true", "enable-threads = 1");

        LoadedConfig loaded = load(
                cli(
                        "ini",
                        ini.toString(),
                        "http",
                        ":8000",
                        "app",
                        jar.toString(),
                        "enable-threads",
                        "true",
                        "master",
                        "true"),
                Map.of());

        assertEquals(
                List.of(
                        "master: accepted; the master is always on, nothing to change",
                        "enable-threads: accepted; a JVM always has threads, nothing to change"),
                loaded.notices());
    }

    @Test
    void reportsAValueOutOfRangeWithItsIniFileAndLine() throws IOException {
        Path ini = write("app.ini", "[drover]", "http = :8000", "# workers", "threads = 0");

        assertError(
                "threads must be >= 1, got 0 (option threads in " + ini + " line 4)",
                cli("ini", ini.toString(), "app", jar.toString()),
                Map.of());
    }

    @Test
    void reportsANonIntegerOnTheCommandLine() {
        assertError(
                "processes must be an integer, got 'x' (option --processes on the command line)",
                cli("processes", "x"),
                Map.of());
    }

    @Test
    void reportsABadValueInTheEnvironment() {
        assertError(
                "threads must be >= 1, got 0 (environment DROVER_THREADS)", List.of(), Map.of("DROVER_THREADS", "0"));
    }

    @Test
    void reportsAMissingApp() {
        assertError(
                "app: no such file: /tmp/nope.jar (option --app on the command line)",
                cli("app", "/tmp/nope.jar"),
                Map.of());
    }

    @Test
    void reportsAnAppThatIsADirectoryButNotAWebapp() {
        assertError(
                "app: " + dir + " is a directory without WEB-INF/; an app is a .jar, a .war or a webapp directory"
                        + " (option --app on the command line)",
                cli("app", dir.toString()),
                Map.of());
    }

    @Test
    void acceptsAWarAndAWebappDirectoryAndRefusesOtherFiles() throws Exception {
        Path war = Files.createFile(dir.resolve("shop.war"));
        Path webapp = Files.createDirectories(dir.resolve("admin/WEB-INF")).getParent();
        ServerConfig config = load(cli("http", ":0", "app", war.toString(), "app", webapp.toString()), Map.of())
                .config();
        assertEquals(List.of(war, webapp), config.apps());
        Path notes = Files.createFile(dir.resolve("notes.txt"));
        assertError(
                "app: " + notes + " is neither a .jar nor a .war (option --app on the command line)",
                cli("app", notes.toString()),
                Map.of());
    }

    @Test
    void reportsAMissingIniFile() {
        assertError("--ini: no such file: x.ini", cli("ini", "x.ini"), Map.of());
        assertError("DROVER_INI: no such file: x.ini", List.of(), Map.of("DROVER_INI", "x.ini"));
    }

    @Test
    void reportsAnUnknownOptionInTheIniFile() throws IOException {
        Path ini = write("app.ini", "[drover]", "http = :8000", "procesess = 3");

        assertError("unknown option 'procesess' (in " + ini + " line 3)", cli("ini", ini.toString()), Map.of());
    }

    @Test
    void requiresAnApplication() {
        assertError(
                "no application: give --app FILE (a .jar, .war or webapp directory) or --app-dir DIR",
                cli("http", ":8000"),
                Map.of());
    }

    @Test
    void httpsTakesUwsgisSyntaxWithAClientCaThatABangRequires() throws Exception {
        Path cert = Files.createFile(dir.resolve("cert.pem"));
        Path key = Files.createFile(dir.resolve("key.pem"));
        Path ca = Files.createFile(dir.resolve("ca.pem"));
        HttpsListener https = load(
                        cli(
                                "app",
                                jar.toString(),
                                "https",
                                "127.0.0.1:8443," + cert + "," + key + ",TLS_AES_.*,!" + ca),
                        Map.of())
                .config()
                .https()
                .orElseThrow();
        assertEquals(
                new HttpsListener(
                        new ServerConfig.HostPort("127.0.0.1", 8443),
                        cert,
                        key,
                        Optional.of("TLS_AES_.*"),
                        Optional.of(ca),
                        true),
                https);
        assertEquals(
                Optional.empty(),
                load(cli("app", jar.toString(), "https", ":8443," + cert + "," + key), Map.of())
                        .config()
                        .https()
                        .orElseThrow()
                        .clientCa());
        assertError(
                "https must be [HOST]:PORT,CERT,KEY[,CIPHERS[,CLIENT_CA]], got ':8443," + cert
                        + "' (option --https on the command line)",
                cli("app", jar.toString(), "https", ":8443," + cert),
                Map.of());
        assertError(
                "https: no such file: " + dir.resolve("nope.pem") + " (option --https on the command line)",
                cli("app", jar.toString(), "https", ":8443," + cert + "," + dir.resolve("nope.pem")),
                Map.of());
    }

    @Test
    void requiresAListener() {
        assertError(
                "no listener: give --http [HOST]:PORT, --https [HOST]:PORT,CERT,KEY, or --socket ADDR for nginx",
                cli("app", jar.toString()),
                Map.of());
    }

    @Test
    void takesAUwsgiSocketAloneOnTcpOrAUnixPath() {
        Path socket = dir.resolve("drover.sock");
        ServerConfig unix = load(
                        cli("app", jar.toString(), "socket", socket.toString(), "chmod-socket", "660"), Map.of())
                .config();
        assertEquals(Optional.of(socket.toString()), unix.socket());
        assertEquals(Optional.of(0660), unix.chmodSocket());
        assertEquals(Optional.empty(), unix.http());
        ServerConfig tcp = load(cli("app", jar.toString(), "socket", "127.0.0.1:3031"), Map.of())
                .config();
        assertEquals(Optional.of("127.0.0.1:3031"), tcp.socket());
        assertEquals(
                Optional.of(0666),
                load(cli("app", jar.toString(), "socket", socket.toString(), "chmod-socket", ""), Map.of())
                        .config()
                        .chmodSocket(),
                "an empty mode is 666, as in uWSGI");
    }

    @Test
    void reportsABadSocketOrMode() {
        assertError(
                "socket: no such directory: " + dir.resolve("missing") + " (option --socket on the command line)",
                cli(
                        "app",
                        jar.toString(),
                        "socket",
                        dir.resolve("missing/drover.sock").toString()),
                Map.of());
        assertError(
                "chmod-socket must be an octal mode such as 660 or 0666, got '999' "
                        + "(option --chmod-socket on the command line)",
                cli("app", jar.toString(), "socket", dir.resolve("s").toString(), "chmod-socket", "999"),
                Map.of());
        assertError(
                "chmod-socket: applies to a UNIX socket path, but socket is 127.0.0.1:3031 "
                        + "(option --chmod-socket on the command line)",
                cli("app", jar.toString(), "socket", "127.0.0.1:3031", "chmod-socket", "660"),
                Map.of());
    }

    @Test
    void reportsABadHttpAddress() {
        assertError(
                "http must be [HOST]:PORT with a port from 0 to 65535, got 'localhost' "
                        + "(option --http on the command line)",
                cli("http", "localhost"),
                Map.of());
        assertError(
                "http must be [HOST]:PORT with a port from 0 to 65535, got ':70000' "
                        + "(option --http on the command line)",
                cli("http", ":70000"),
                Map.of());
    }

    @Test
    void reportsASetWithoutEquals() {
        assertError(
                "set must be NAME=VALUE, got 'hello.sleep' (option --set on the command line)",
                cli("set", "hello.sleep"),
                Map.of());
    }

    @Test
    void reportsABufferSizeOutOfRange() {
        assertError(
                "buffer-size must be between 1024 and 1048576, got 2m (option --buffer-size on the command line)",
                cli("buffer-size", "2m"),
                Map.of());
    }

    @Test
    void reportsABadSize() {
        assertError(
                "post-buffering must be a size in bytes, such as 65536, 64k or 1m, got '-1' "
                        + "(environment DROVER_POST_BUFFERING)",
                List.of(),
                Map.of("DROVER_POST_BUFFERING", "-1"));
    }

    @Test
    void reportsABadBoolean() {
        assertError(
                "disable-logging must be a boolean (true/false, yes/no, on/off, 1/0), got 'maybe' "
                        + "(option --disable-logging on the command line)",
                cli("disable-logging", "maybe"),
                Map.of());
    }

    @Test
    void reportsAMissingChdir() {
        Path missing = dir.resolve("missing");

        assertError(
                "chdir: no such directory: " + missing + " (option --chdir on the command line)",
                cli("chdir", missing.toString()),
                Map.of());
    }

    @Test
    void reportsABadModule() {
        assertError(
                "module must be a Java class name, such as com.example.Hello, got 'com.example.' "
                        + "(option --module on the command line)",
                cli("module", "com.example."),
                Map.of());
    }

    @Test
    void readsCheaperModeWithUwsgisNames() {
        Cheaper cheaper = load(
                        cli(
                                "http",
                                ":8000",
                                "app",
                                jar.toString(),
                                "processes",
                                "8",
                                "cheaper",
                                "2",
                                "cheaper-initial",
                                "3",
                                "cheaper-step",
                                "2",
                                "cheaper-algo",
                                "Spare2",
                                "cheaper-idle",
                                "5",
                                "cheaper-busyness-min",
                                "10",
                                "cheaper-busyness-verbose",
                                "true"),
                        Map.of())
                .config()
                .cheaper();
        assertEquals(
                new Cheaper(
                        2,
                        3,
                        2,
                        Cheaper.Algorithm.SPARE2,
                        3,
                        5,
                        75,
                        new Cheaper.Busyness(50, 10, 10, 2, 33, 3, 1, 60, true)),
                cheaper);
        assertEquals(
                2,
                load(cli("http", ":8000", "app", jar.toString(), "processes", "4", "cheaper", "2"), Map.of())
                        .config()
                        .cheaper()
                        .initial(),
                "cheaper-initial is cheaper by default");
    }

    @Test
    void reportsCheaperNotBelowProcessesOrAnInitialCountOutsideItsRange() {
        assertError(
                "cheaper: must be lower than processes (4, option --processes on the command line), got 4"
                        + " (option --cheaper on the command line)",
                cli("http", ":8000", "app", jar.toString(), "processes", "4", "cheaper", "4"),
                Map.of());
        assertError(
                "cheaper: must be lower than processes (1, default), got 1 (option --cheaper on the command line)",
                cli("http", ":8000", "app", jar.toString(), "cheaper", "1"),
                Map.of());
        assertError(
                "cheaper-initial: must be from cheaper (2) to processes (4), got 5"
                        + " (option --cheaper-initial on the command line)",
                cli("http", ":8000", "app", jar.toString(), "processes", "4", "cheaper", "2", "cheaper-initial", "5"),
                Map.of());
        assertError(
                "cheaper-algo must be one of headroom, spare, spare2, backlog, busyness, manual, got 'fast'"
                        + " (option --cheaper-algo on the command line)",
                cli("cheaper-algo", "fast"),
                Map.of());
        assertError(
                "cheaper-busyness-min: must be lower than cheaper-busyness-max (50), got 60"
                        + " (option --cheaper-busyness-min on the command line)",
                cli("http", ":8000", "app", jar.toString(), "cheaper-busyness-min", "60"),
                Map.of());
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private static List<Setting> cli(String... namesAndValues) {
        List<Setting> settings = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Option option = Option.named(namesAndValues[i]).orElseThrow();
            settings.add(Setting.onCommandLine(option, namesAndValues[i + 1]));
        }
        return settings;
    }

    private static LoadedConfig load(List<Setting> commandLine, Map<String, String> environment) {
        return ConfigLoader.load(commandLine, environment);
    }

    private static void assertError(String message, List<Setting> commandLine, Map<String, String> environment) {
        ConfigException error = assertThrows(ConfigException.class, () -> load(commandLine, environment));
        assertEquals(message, error.getMessage());
    }
}
