package org.drover.master.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;

/**
 * Watches what should trigger a reload besides SIGHUP: the {@code touch-reload} files, with
 * {@code autoreload} the {@code --app} files themselves, and the {@code app-dir} directories (an app
 * added, changed or removed). A change triggers once it has stopped changing (the same sizes and times
 * on two polls in a row), so a jar still being copied is never loaded half-written.
 */
public final class ReloadTriggers {

    private final List<Path> touchFiles;
    private final List<Path> jars;
    private final long pollNanos;
    private final List<Long> touched = new ArrayList<>();
    private List<String> loaded;
    private List<String> seen;
    private long nextPoll;
    private final List<Path> appDirs;
    private final long appDirPollNanos;
    private Map<String, String> deployed;
    private Map<String, String> deployedSeen;
    private long nextAppDirPoll;

    public ReloadTriggers(Lifecycle lifecycle, List<Path> jars, List<Path> appDirs, int appDirPollSeconds) {
        this(lifecycle, jars, appDirs, TimeUnit.SECONDS.toNanos(appDirPollSeconds));
    }

    /** With the app-dir poll interval in nanoseconds: 0 looks at every {@link #check()}. */
    public ReloadTriggers(Lifecycle lifecycle, List<Path> jars, List<Path> appDirs, long appDirPollNanos) {
        this.appDirs = appDirs;
        this.appDirPollNanos = appDirPollNanos;
        this.deployed = listing();
        this.deployedSeen = deployed;
        this.nextAppDirPoll = System.nanoTime() + appDirPollNanos;
        this.touchFiles = lifecycle.touchReload();
        this.jars = jars;
        this.pollNanos = TimeUnit.SECONDS.toNanos(lifecycle.autoreload());
        for (Path file : touchFiles) {
            touched.add(modified(file));
        }
        this.loaded = fingerprint();
        this.seen = loaded;
        this.nextPoll = System.nanoTime() + pollNanos;
    }

    /** Why a reload is due now, or null; call it on every turn of the supervisor. */
    public String check() {
        for (int i = 0; i < touchFiles.size(); i++) {
            long now = modified(touchFiles.get(i));
            if (now != touched.get(i)) {
                touched.set(i, now);
                return "touch-reload: " + touchFiles.get(i) + " was touched";
            }
        }
        String appDir = checkAppDirs();
        if (appDir != null) {
            return appDir;
        }
        if (pollNanos == 0 || System.nanoTime() - nextPoll < 0) {
            return null;
        }
        nextPoll = System.nanoTime() + pollNanos;
        List<String> now = fingerprint();
        boolean stable = now.equals(seen);
        seen = now;
        if (stable && !now.equals(loaded)) {
            String names = changed(now);
            loaded = now;
            return "autoreload: " + names + " changed";
        }
        return null;
    }

    /** A reload happened (whatever triggered it): the jars as they are now count as loaded. */
    public void reloaded() {
        loaded = fingerprint();
        seen = loaded;
        deployed = listing();
        deployedSeen = deployed;
    }

    private String checkAppDirs() {
        if (appDirs.isEmpty() || System.nanoTime() - nextAppDirPoll < 0) {
            return null;
        }
        nextAppDirPoll = System.nanoTime() + appDirPollNanos;
        Map<String, String> now = listing();
        boolean stable = now.equals(deployedSeen);
        deployedSeen = now;
        if (!stable || now.equals(deployed)) {
            return null;
        }
        List<String> changes = new ArrayList<>();
        now.forEach((jar, print) -> {
            if (!deployed.containsKey(jar)) {
                changes.add(Path.of(jar).getFileName() + " added");
            } else if (!deployed.get(jar).equals(print)) {
                changes.add(Path.of(jar).getFileName() + " changed");
            }
        });
        deployed.keySet().stream()
                .filter(jar -> !now.containsKey(jar))
                .forEach(jar -> changes.add(Path.of(jar).getFileName() + " removed"));
        deployed = now;
        return "app-dir: " + String.join(", ", changes);
    }

    /** The apps of the app-dir directories, each with its fingerprint; what AppSnapshot would take. */
    private Map<String, String> listing() {
        Map<String, String> apps = new TreeMap<>();
        for (Path dir : appDirs) {
            try {
                for (Path app : AppFiles.appsIn(dir)) {
                    apps.put(app.toString(), AppFiles.fingerprint(app));
                }
            } catch (IOException e) {
                apps.put(dir.toString(), "unreadable");
            }
        }
        return apps;
    }

    private String changed(List<String> now) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            if (!now.get(i).equals(loaded.get(i))) {
                names.add(jars.get(i).getFileName().toString());
            }
        }
        return String.join(", ", names);
    }

    private List<String> fingerprint() {
        return jars.stream().map(AppFiles::fingerprint).toList();
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}
