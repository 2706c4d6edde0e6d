package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.apps.TestJars;
import org.drover.master.config.ConfigLoader;
import org.drover.master.config.Option;
import org.drover.master.config.ServerConfig;
import org.drover.master.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's command line: defaults, the operator's JVM options after them, the app and its values. */
class WorkerCommandTest {

    @TempDir
    Path dir;

    private List<String> command(Setting... extra) throws Exception {
        Path jar = TestJars.jar(dir.resolve("app.jar"), "com.example.App");
        List<Setting> settings = new java.util.ArrayList<>(List.of(
                Setting.onCommandLine(Option.HTTP, "127.0.0.1:0"),
                Setting.onCommandLine(Option.APP, jar.toString()),
                Setting.onCommandLine(Option.THREADS, "4")));
        settings.addAll(List.of(extra));
        ServerConfig config = ConfigLoader.load(settings, Map.of()).config();
        return new WorkerCommand(config, Path.of("/run/w.sock"), "secret")
                .command(2, AppSnapshot.take(Files.createDirectories(dir.resolve("runtime")), 1, config), List.of());
    }

    @Test
    void theOperatorsOptionsComeAfterTheDefaults() throws Exception {
        List<String> command = command(Setting.onCommandLine(Option.JVM_OPT, "-Xmx512m"));
        assertTrue(command.indexOf("-Xmx512m") > command.indexOf("-Xmx64m"), command.toString());
        assertTrue(command.contains("-XX:+UseSerialGC"));
        assertTrue(command.contains("-XX:+UseCountedLoopSafepoints"));
    }

    @Test
    void aWorkerServingAWebappGetsABiggerHeapAndItsMount() throws Exception {
        Path webapp = Files.createDirectories(dir.resolve("shop/WEB-INF")).getParent();
        List<String> command = command(Setting.onCommandLine(Option.APP, webapp.toString()));
        assertTrue(command.contains(WorkerCommand.WEBAPP_HEAP), command.toString());
        assertFalse(command.contains("-Xmx64m"), command.toString());
        int option = command.indexOf("--webapp");
        assertEquals("/shop=shop=0", command.get(option + 1), "beside an --app jar a webapp is at its name");
    }

    @Test
    void anSpiWorkerGetsTheDensityOptionsAndAWebappsWorkerOnlyTheTrim() throws Exception {
        List<String> spi = command();
        assertTrue(spi.contains("-XX:NewRatio=7"), spi.toString());
        assertEquals(WorkerCommand.TRIMS_NATIVE_HEAP, spi.contains(WorkerCommand.TRIM_NATIVE_HEAP), spi.toString());
        Path webapp = Files.createDirectories(dir.resolve("shop/WEB-INF")).getParent();
        List<String> servlet = command(Setting.onCommandLine(Option.APP, webapp.toString()));
        assertFalse(servlet.contains("-XX:NewRatio=7"), servlet.toString());
        assertEquals(
                WorkerCommand.TRIMS_NATIVE_HEAP, servlet.contains(WorkerCommand.TRIM_NATIVE_HEAP), servlet.toString());
    }

    @Test
    void theTrimFlagIsGivenOnlyWhereTheJvmKnowsIt() {
        assertTrue(WorkerCommand.knowsOption("UseSerialGC"));
        assertFalse(WorkerCommand.knowsOption("NoSuchOptionAnywhere"));
    }

    @Test
    void aCollectorOfTheOperatorsReplacesSerial() throws Exception {
        List<String> command = command(Setting.onCommandLine(Option.JVM_OPT, "-XX:+UseG1GC"));
        assertFalse(command.contains("-XX:+UseSerialGC"), command.toString());
        assertTrue(command.contains("-XX:+UseG1GC"));
    }

    @Test
    void theWorkerIsToldWhereToConnectWhoItIsAndWhatToLoad() throws Exception {
        List<String> command = command(Setting.onCommandLine(Option.SET, "hello.sleep=2"));
        int main = command.indexOf("org.drover.worker.WorkerMain");
        assertEquals(
                List.of(
                        "--socket",
                        "/run/w.sock",
                        "--index",
                        "2",
                        "--threads",
                        "4",
                        "--jar",
                        "0=" + dir.resolve("runtime/apps-1/app.jar"),
                        "--mount",
                        "/=App=com.example.App=0",
                        "--set",
                        "hello.sleep=2"),
                command.subList(main + 1, command.size()),
                "the worker loads the snapshot's copy of the jar");
        assertFalse(String.join(" ", command).contains("secret"), "the secret travels in the environment");
    }
}
