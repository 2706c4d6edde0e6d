package org.drover.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drover.master.config.Lifecycle;

/**
 * Watches what should trigger a reload besides SIGHUP: the {@code touch-reload} files, and with
 * {@code autoreload} the app jars themselves. A changed jar triggers once it has stopped
 * changing (the same size and time on two polls in a row), so a jar still being copied is
 * never loaded half-written.
 */
final class ReloadTriggers {

    private final List<Path> touchFiles;
    private final List<Path> jars;
    private final long pollNanos;
    private final List<Long> touched = new ArrayList<>();
    private List<String> loaded;
    private List<String> seen;
    private long nextPoll;

    ReloadTriggers(Lifecycle lifecycle, List<Path> jars) {
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
    String check() {
        for (int i = 0; i < touchFiles.size(); i++) {
            long now = modified(touchFiles.get(i));
            if (now != touched.get(i)) {
                touched.set(i, now);
                return "touch-reload: " + touchFiles.get(i) + " was touched";
            }
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
    void reloaded() {
        loaded = fingerprint();
        seen = loaded;
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
        List<String> prints = new ArrayList<>();
        for (Path jar : jars) {
            try {
                prints.add(Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                prints.add("missing");
            }
        }
        return prints;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}
