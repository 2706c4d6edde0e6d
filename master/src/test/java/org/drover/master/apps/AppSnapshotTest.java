package org.drover.master.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.drover.master.config.ConfigLoader;
import org.drover.master.config.Option;
import org.drover.master.config.ServerConfig;
import org.drover.master.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apps of a generation: app-dir names, their mounts, the clashes that are errors, and copies. */
class AppSnapshotTest {

    @TempDir
    Path dir;

    private Path jar(Path folder, String file, String... attributes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < attributes.length; i += 2) {
            manifest.getMainAttributes().putValue(attributes[i], attributes[i + 1]);
        }
        Path jar = Files.createDirectories(folder).resolve(file);
        new JarOutputStream(Files.newOutputStream(jar), manifest).close();
        return jar;
    }

    private AppSnapshot take(Path apps, String... mounts) throws IOException {
        List<Setting> settings = new java.util.ArrayList<>(List.of(
                Setting.onCommandLine(Option.HTTP, ":0"), Setting.onCommandLine(Option.APP_DIR, apps.toString())));
        for (String mount : mounts) {
            settings.add(Setting.onCommandLine(Option.MOUNT, mount));
        }
        ServerConfig config = ConfigLoader.load(settings, Map.of()).config();
        return AppSnapshot.take(Files.createDirectories(dir.resolve("runtime")), 1, config);
    }

    @Test
    void namesComeFromTheManifestOrTheFileNameWithoutItsVersion() throws IOException {
        Path apps = dir.resolve("apps");
        jar(apps, "billing-1.4.jar", "Implementation-Version", "1.4");
        jar(apps, "billing-service-2.0.1-SNAPSHOT.jar");
        jar(apps, "hello.jar");
        jar(apps, "whatever-3.jar", "Drover-App-Name", "shop");
        AppSnapshot snapshot = take(apps);

        assertEquals(
                List.of("billing", "billing-service", "hello", "shop"),
                snapshot.deployed().stream().map(AppSnapshot.Deployed::name).toList());
        assertEquals("/billing", snapshot.deployed().get(0).mount());
        assertEquals("1.4", snapshot.deployed().get(0).version());
        assertEquals(64, snapshot.deployed().get(0).sha256().length());
        assertEquals(
                dir.resolve("runtime/apps-1/billing-1.4.jar"),
                snapshot.deployed().get(0).copy());
        assertEquals("billing", snapshot.appAt("/billing/invoices"));
        assertEquals("billing-service", snapshot.appAt("/billing-service"));
        assertEquals("-", snapshot.appAt("/billings"));
    }

    @Test
    void aMountOptionMovesAnApp() throws IOException {
        Path apps = dir.resolve("apps");
        jar(apps, "billing-1.4.jar");
        AppSnapshot snapshot = take(apps, "/pay=billing");

        assertEquals("/pay", snapshot.deployed().get(0).mount());
        assertEquals(Map.of(), snapshot.groupMounts());
        assertEquals("billing", snapshot.appAt("/pay/x"));
    }

    @Test
    void aMountForAnAppNotYetDeployedWaitsAndTheRootIsClaimed() throws IOException {
        Path apps = dir.resolve("apps");
        jar(apps, "shop.jar");
        AppSnapshot snapshot = take(apps, "/pay=billing-service");
        assertEquals(List.of("/pay=billing-service"), snapshot.waitingMounts());
        assertEquals(Map.of(), snapshot.groupMounts());
        assertEquals("-", snapshot.appAt("/pay"));

        Path root = dir.resolve("root.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(root))) {
            jar.putNextEntry(new java.util.zip.ZipEntry("META-INF/services/org.drover.api.Application"));
            jar.write("com.example.Root\n".getBytes());
        }
        ServerConfig both = ConfigLoader.load(
                        List.of(
                                Setting.onCommandLine(Option.HTTP, ":0"),
                                Setting.onCommandLine(Option.APP, root.toString()),
                                Setting.onCommandLine(Option.APP_DIR, apps.toString()),
                                Setting.onCommandLine(Option.MOUNT, "/=shop")),
                        Map.of())
                .config();
        IOException clash = assertThrows(
                IOException.class, () -> AppSnapshot.take(Files.createDirectories(dir.resolve("runtime")), 2, both));
        assertEquals(
                "mount / is claimed by both app shop (" + apps.resolve("shop.jar") + ") and the --app root app Root",
                clash.getMessage());

        ServerConfig beside = ConfigLoader.load(
                        List.of(
                                Setting.onCommandLine(Option.HTTP, ":0"),
                                Setting.onCommandLine(Option.APP, root.toString()),
                                Setting.onCommandLine(Option.APP_DIR, apps.toString())),
                        Map.of())
                .config();
        AppSnapshot served = AppSnapshot.take(Files.createDirectories(dir.resolve("runtime")), 3, beside);
        assertEquals("Root", served.appAt("/anything"));
        assertEquals("shop", served.appAt("/shop/cart"));
    }

    @Test
    void twoJarsClaimingOneNameAreAnErrorNamingBoth() throws IOException {
        Path apps = dir.resolve("apps");
        Path old = jar(apps, "billing-1.4.jar");
        Path next = jar(apps, "billing-1.5.jar");

        IOException error = assertThrows(IOException.class, () -> take(apps));
        assertEquals(
                "app-dir: " + old + " and " + next + " both claim the app name 'billing'; remove one",
                error.getMessage());
        assertEquals(List.of(), List.of(dir.resolve("runtime").toFile().list()), "no copy is left behind");
    }

    @Test
    void aBadNameOrAnUnreadableJarIsNamed() throws IOException {
        Path apps = dir.resolve("apps");
        Path badName = jar(apps, "x.jar", "Drover-App-Name", "no/slashes");
        assertEquals(
                "app " + badName + ": the app name 'no/slashes' is not letters, digits, '.', '_' or '-'; "
                        + "rename the file or set Drover-App-Name in its manifest",
                assertThrows(IOException.class, () -> take(apps)).getMessage());

        Path other = dir.resolve("other");
        Path notAJar = Files.createDirectories(other).resolve("text.jar");
        Files.writeString(notAJar, "not a zip, or a jar still being written");
        assertEquals(
                "app " + notAJar + " is not a readable jar: zip END header not found",
                assertThrows(IOException.class, () -> take(other)).getMessage());
    }
}
