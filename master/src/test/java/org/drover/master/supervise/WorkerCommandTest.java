package org.drover.master.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drover.master.apps.AppSnapshot;
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
        Path jar = Files.createFile(dir.resolve("app.jar"));
        List<Setting> settings = new java.util.ArrayList<>(List.of(
                Setting.onCommandLine(Option.HTTP, "127.0.0.1:0"),
                Setting.onCommandLine(Option.APP, jar.toString()),
                Setting.onCommandLine(Option.THREADS, "4")));
        settings.addAll(List.of(extra));
        ServerConfig config = ConfigLoader.load(settings, Map.of()).config();
        return new WorkerCommand(config, Path.of("/run/w.sock"), "secret")
                .command(2, AppSnapshot.take(Files.createDirectories(dir.resolve("runtime")), 1, config));
    }

    @Test
    void theOperatorsOptionsComeAfterTheDefaults() throws Exception {
        List<String> command = command(Setting.onCommandLine(Option.JVM_OPT, "-Xmx512m"));
        assertTrue(command.indexOf("-Xmx512m") > command.indexOf("-Xmx64m"), command.toString());
        assertTrue(command.contains("-XX:+UseSerialGC"));
        assertTrue(command.contains("-XX:+UseCountedLoopSafepoints"));
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
                        "--app",
                        dir.resolve("runtime/apps-1/app.jar").toString(),
                        "--set",
                        "hello.sleep=2"),
                command.subList(main + 1, command.size()),
                "the worker loads the snapshot's copy of the jar");
        assertFalse(String.join(" ", command).contains("secret"), "the secret travels in the environment");
    }

    @Test
    void eachAppDirJarIsAnAppOfItsOwnAtItsNameOrItsMount() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Files.write(apps.resolve("billing-1.4.jar"), emptyJar());
        Files.write(apps.resolve("shop.jar"), emptyJar());
        Files.write(apps.resolve("notes.txt"), new byte[0]);
        Path hello = dir.resolve("hello.jar");
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(hello))) {
            jar.putNextEntry(new java.util.zip.ZipEntry("META-INF/services/org.drover.api.Application"));
            jar.write("# the hello app\ncom.example.HelloApp\n".getBytes());
        }
        List<String> command = command(
                Setting.onCommandLine(Option.APP_DIR, apps.toString()),
                Setting.onCommandLine(Option.APP, hello.toString()),
                Setting.onCommandLine(Option.MOUNT, "/later=absent-app"),
                Setting.onCommandLine(Option.MOUNT, "/pay=billing"),
                Setting.onCommandLine(Option.MOUNT, "/hello=HelloApp"));
        String all = String.join(" ", command);
        assertTrue(all.contains("--dir-app billing@/pay=" + dir.resolve("runtime/apps-1/billing-1.4.jar")), all);
        assertTrue(all.contains("--dir-app shop@/shop=" + dir.resolve("runtime/apps-1/shop.jar")), all);
        assertTrue(all.contains("--mount /hello=HelloApp"), "the other mounts stay with --app: " + all);
        assertFalse(all.contains("/pay=billing"), all);
        assertFalse(all.contains("absent-app"), "a mount naming no app yet waits for its jar: " + all);
        assertFalse(all.contains("notes"), all);
    }

    private static byte[] emptyJar() throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new java.util.jar.JarOutputStream(bytes, new java.util.jar.Manifest()).close();
        return bytes.toByteArray();
    }
}
