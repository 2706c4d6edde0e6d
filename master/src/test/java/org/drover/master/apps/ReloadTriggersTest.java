package org.drover.master.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.drover.master.config.ConfigLoader;
import org.drover.master.config.Option;
import org.drover.master.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app-dir watch: a change counts once two looks in a row see it unchanged, and only once. */
class ReloadTriggersTest {

    @TempDir
    Path dir;

    private ReloadTriggers triggers(Path apps) {
        var config = ConfigLoader.load(
                        List.of(
                                Setting.onCommandLine(Option.HTTP, ":0"),
                                Setting.onCommandLine(Option.APP_DIR, apps.toString())),
                        Map.of())
                .config();
        return new ReloadTriggers(config.lifecycle(), config.apps(), config.appDirs(), 0L); // every check looks
    }

    private static void write(Path file, String text, long time) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, FileTime.fromMillis(time));
    }

    @Test
    void aJarStillGrowingIsNotDeployedUntilItIsStable() throws IOException {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        ReloadTriggers triggers = triggers(apps);
        assertNull(triggers.check(), "nothing changed");

        Path jar = apps.resolve("billing-1.4.jar");
        write(jar, "first half", 1_000_000);
        assertNull(triggers.check(), "seen once: maybe still being copied");
        write(jar, " second half", 2_000_000);
        assertNull(triggers.check(), "it grew since the last look");
        assertEquals("app-dir: billing-1.4.jar added", triggers.check(), "the same on two looks in a row");
        assertNull(triggers.check(), "deployed once only");

        Files.writeString(apps.resolve(".billing-1.5.jar.part"), "hidden while copied");
        Files.writeString(apps.resolve("notes.txt"), "not a jar");
        assertNull(triggers.check());
        assertNull(triggers.check(), "hidden files and other files do not count");

        Files.move(apps.resolve(".billing-1.5.jar.part"), apps.resolve("billing-1.5.jar"));
        Files.delete(jar);
        assertNull(triggers.check());
        assertEquals("app-dir: billing-1.5.jar added, billing-1.4.jar removed", triggers.check());
    }

    @Test
    void aReloadForAnyReasonTakesTheDirectoryAsItIs() throws IOException {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        ReloadTriggers triggers = triggers(apps);
        write(apps.resolve("shop.jar"), "jar", 1_000_000);
        assertNull(triggers.check());
        triggers.reloaded(); // a SIGHUP, say, took the new jar along
        assertNull(triggers.check());
        assertNull(triggers.check(), "no second reload for the same change");
    }

    @Test
    void warsAndWebappDirectoriesCountAsAppsAndAFileChangedDeepInADirectoryIsAChange() throws IOException {
        Path apps = Files.createDirectories(dir.resolve("apps"));
        ReloadTriggers triggers = triggers(apps);
        write(apps.resolve("shop.war"), "war", 1_000_000);
        Path admin = Files.createDirectories(apps.resolve("admin/WEB-INF/classes"));
        write(admin.resolve("Admin.class"), "v1", 1_000_000);
        Files.createDirectories(apps.resolve("static/css")); // no WEB-INF: not a webapp
        assertNull(triggers.check());
        assertEquals("app-dir: admin added, shop.war added", triggers.check());

        write(admin.resolve("Admin.class"), " v2", 2_000_000);
        assertNull(triggers.check());
        assertEquals("app-dir: admin changed", triggers.check());
        write(apps.resolve("static/css/site.css"), "body {}", 3_000_000);
        assertNull(triggers.check());
        assertNull(triggers.check(), "a directory without WEB-INF is left alone");
    }
}
