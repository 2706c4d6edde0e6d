package org.drover.master.apps;

import static org.drover.master.apps.TestJars.jar;
import static org.drover.master.apps.TestJars.war;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drover.master.config.ConfigLoader;
import org.drover.master.config.Option;
import org.drover.master.config.ServerConfig;
import org.drover.master.config.Setting;
import org.drover.wire.MountTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generation of apps taken from real jars: names, copies and hashes, the mount table, and what is refused. */
class AppSnapshotTest {

    @TempDir
    Path dir;

    private AppSnapshot take(Setting... settings) throws IOException, AppLoadException {
        List<Setting> all = new ArrayList<>(List.of(Setting.onCommandLine(Option.HTTP, ":0")));
        all.addAll(List.of(settings));
        ServerConfig config = ConfigLoader.load(all, Map.of()).config();
        return AppSnapshot.take(Files.createDirectories(dir.resolve("runtime")), 1, config);
    }

    private Setting appDir(Path apps) {
        return Setting.onCommandLine(Option.APP_DIR, apps.toString());
    }

    @Test
    void namesComeFromTheManifestOrTheFileNameWithoutItsVersion() throws Exception {
        Path apps = dir.resolve("apps");
        jar(apps.resolve("billing-1.4.jar"), "com.example.Billing", "Implementation-Version", "1.4");
        jar(apps.resolve("billing-service-2.0.1-SNAPSHOT.jar"), "com.example.Service");
        jar(apps.resolve("whatever-3.jar"), "com.example.Shop", "Drover-App-Name", "shop");
        AppSnapshot snapshot = take(appDir(apps));

        assertEquals(
                List.of("billing", "billing-service", "shop"),
                snapshot.listing().stream().map(AppSnapshot.Listed::name).toList());
        AppSnapshot.Listed billing = snapshot.listing().get(0);
        assertEquals("/billing", billing.mount());
        assertEquals("1.4", billing.version());
        assertEquals(64, billing.sha256().length());
        assertEquals(
                List.of(dir.resolve("runtime/apps-1/billing-1.4.jar")),
                snapshot.mounts().loaders().get(0),
                "the workers load the copy");
        assertEquals("billing", snapshot.appAt("/billing/invoices"));
        assertEquals("billing-service", snapshot.appAt("/billing-service"));
        assertEquals("-", snapshot.appAt("/billings"));
    }

    @Test
    void theMountTableNamesEveryClassAndLoader() throws Exception {
        Path apps = dir.resolve("apps");
        jar(apps.resolve("billing-1.4.jar"), "com.example.Billing");
        Path hello = jar(dir.resolve("hello.jar"), new String[] {"com.example.Hello", "com.example.Admin"});
        AppSnapshot snapshot = take(
                appDir(apps),
                Setting.onCommandLine(Option.APP, hello.toString()),
                Setting.onCommandLine(Option.MOUNT, "/pay=billing"),
                Setting.onCommandLine(Option.MOUNT, "/admin=Admin"));

        assertEquals(
                new MountTable(
                        List.of(
                                List.of(dir.resolve("runtime/apps-1/billing-1.4.jar")),
                                List.of(dir.resolve("runtime/apps-1/hello.jar"))),
                        List.of(
                                new MountTable.Mount("/admin", "Admin", "com.example.Admin", 1),
                                new MountTable.Mount("/pay", "billing", "com.example.Billing", 0),
                                new MountTable.Mount("", "Hello", "com.example.Hello", 1))),
                snapshot.mounts());
        assertEquals("/ /admin", snapshot.listing().get(1).mount(), "an --app jar shows the mounts of its loader");
    }

    @Test
    void twoJarsClaimingOneNameAreAnErrorAndNoCopyIsLeft() throws Exception {
        Path apps = dir.resolve("apps");
        Path old = jar(apps.resolve("billing-1.4.jar"), "com.example.Billing");
        Path next = jar(apps.resolve("billing-1.5.jar"), "com.example.Billing");

        AppLoadException error = assertThrows(AppLoadException.class, () -> take(appDir(apps)));
        assertEquals(
                old + " and " + next + " both claim the app name 'billing'; rename or remove one", error.getMessage());
        assertEquals(List.of(), List.of(dir.resolve("runtime").toFile().list()), "no copy is left behind");
    }

    @Test
    void aBadNameOrAnUnreadableJarIsNamed() throws Exception {
        Path apps = dir.resolve("apps");
        Path badName = jar(apps.resolve("x.jar"), "com.example.X", "Drover-App-Name", "no/slashes");
        assertEquals(
                "app " + badName + ": the app name 'no/slashes' is not letters, digits, '.', '_' or '-'; "
                        + "rename the file or set Drover-App-Name in its manifest",
                assertThrows(AppLoadException.class, () -> take(appDir(apps))).getMessage());

        Path other = Files.createDirectories(dir.resolve("other"));
        Path notAJar = other.resolve("text.jar");
        Files.writeString(notAJar, "not a zip, or a jar still being written");
        assertEquals(
                "app " + notAJar + " is not a readable jar: zip END header not found",
                assertThrows(AppLoadException.class, () -> take(appDir(other))).getMessage());
    }

    @Test
    void anAppDirJarHoldsExactlyOneApp() throws Exception {
        Path none = jar(dir.resolve("none/empty.jar"), new String[0]);
        assertEquals(
                "no Application in empty.jar: list its class in META-INF/services/org.drover.api.Application",
                assertThrows(AppLoadException.class, () -> take(appDir(none.getParent())))
                        .getMessage());
        Path two = jar(dir.resolve("two/both.jar"), new String[] {"p.A", "p.B"});
        assertEquals(
                "several Applications in both.jar (p.A, p.B): an app-dir jar holds one app",
                assertThrows(AppLoadException.class, () -> take(appDir(two.getParent())))
                        .getMessage());
    }

    @Test
    void aWarIsUnpackedIntoTheGenerationAndHashedOverItsContents() throws Exception {
        Path apps = dir.resolve("apps");
        Path shop = war(
                apps.resolve("shop-2.1.war"),
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nImplementation-Version: 2.1\n",
                "WEB-INF/web.xml",
                "<web-app/>",
                "index.html",
                "hello");
        war(apps.resolve("ROOT.war"), "WEB-INF/web.xml", "<web-app/>");
        Files.createDirectories(apps.resolve("admin/WEB-INF"));
        Files.writeString(apps.resolve("admin/WEB-INF/web.xml"), "<web-app/>");
        Files.createDirectories(apps.resolve("notes")); // no WEB-INF: not an app
        AppSnapshot snapshot = take(appDir(apps));

        assertEquals(
                List.of("ROOT /", "admin /admin", "shop /shop"),
                snapshot.listing().stream().map(a -> a.name() + " " + a.mount()).toList());
        AppSnapshot.Listed listed = snapshot.listing().get(2);
        assertEquals("2.1", listed.version());
        assertEquals(64, listed.sha256().length());
        Files.delete(shop);
        war(
                shop,
                "index.html",
                "hello",
                "WEB-INF/web.xml",
                "<web-app/>",
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nImplementation-Version: 2.1\n");
        assertEquals(
                listed.sha256(),
                take(appDir(apps)).listing().get(2).sha256(),
                "zipped again, in another order: the same contents, the same hash");
        MountTable.Mount mount = snapshot.mounts().match("/shop/cart").orElseThrow();
        assertEquals(MountTable.Kind.WEBAPP, mount.kind());
        Path unpacked = snapshot.mounts().loaders().get(mount.loader()).get(0);
        assertEquals(dir.resolve("runtime/apps-1/shop-2.1"), unpacked);
        assertEquals("hello", Files.readString(unpacked.resolve("index.html")));
        assertEquals("ROOT", snapshot.appAt("/anything"));
        snapshot.delete();
        assertFalse(Files.exists(unpacked), "the unpacked copy goes with its generation");
    }

    @Test
    void aWarThatIsNotAZipOrReachesOutsideItselfIsRefused() throws Exception {
        Path broken =
                Files.writeString(Files.createDirectories(dir.resolve("a")).resolve("broken.war"), "not a zip");
        assertTrue(assertThrows(AppLoadException.class, () -> take(app(broken)))
                .getMessage()
                .startsWith("webapp " + broken + " is not a readable war: "));
        Path evil = war(dir.resolve("b/evil.war"), "../../escaped.txt", "gotcha");
        assertEquals(
                "webapp " + evil + " has an entry outside itself: ../../escaped.txt",
                assertThrows(AppLoadException.class, () -> take(app(evil))).getMessage());
        assertFalse(Files.exists(dir.resolve("runtime/escaped.txt")));
        assertFalse(Files.exists(dir.resolve("runtime/apps-1")), "a refused generation leaves nothing behind");
    }

    private static Setting app(Path file) {
        return Setting.onCommandLine(Option.APP, file.toString());
    }
}
