package org.drover.master.supervise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.drover.master.apps.AppLoadException;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.apps.ReloadTriggers;
import org.drover.master.config.ServerConfig;
import org.drover.master.log.Console;

/**
 * The generations of apps and the rolling reload from one to the next. A reload takes a new
 * copy of the apps and queues a replacement per worker; the generation it replaces stays until
 * every worker runs the new one (finished) or a new worker cannot load it (aborted: the old one
 * is current again, and workers already moved go back). {@code drover ctl reload} commands wait
 * here for that outcome. The supervisor's thread alone uses it.
 */
final class Reloads {

    private final Path runtime;
    private final ServerConfig config;
    private final Console console;
    private final WorkerTable table;
    private final Replacements replacements;
    private final ReloadTriggers triggers;
    private final List<CompletableFuture<Reply>> waiters = new ArrayList<>();
    /** How the last reload ended, for the service manager's status line. */
    private String lastOutcome;

    private AppSnapshot apps;
    private AppSnapshot previous;
    private int next = 1;

    Reloads(
            Path runtime,
            ServerConfig config,
            Console console,
            WorkerTable table,
            Replacements replacements,
            ReloadTriggers triggers) {
        this.runtime = runtime;
        this.config = config;
        this.console = console;
        this.table = table;
        this.replacements = replacements;
        this.triggers = triggers;
    }

    /** Takes the first generation, at start. */
    void start() throws IOException, AppLoadException {
        apps = take();
    }

    /** The apps new workers load. */
    AppSnapshot current() {
        return apps;
    }

    /** How the last reload ended, or null before the first. */
    String lastOutcome() {
        return lastOutcome;
    }

    /** A reload is under way from the time its apps are taken until it finishes or is aborted. */
    boolean reloading() {
        return previous != null;
    }

    /**
     * Starts a rolling reload: a new copy of the apps, then each worker replaced in turn.
     *
     * @return null if it started, else why not
     */
    String begin(String reason) {
        if (reloading()) {
            return "a reload is already under way; send it again once it is finished";
        }
        triggers.reloaded();
        try {
            AppSnapshot taken = take();
            previous = apps;
            apps = taken;
        } catch (AppLoadException e) {
            return "reload aborted: cannot load the new apps: " + e.getMessage() + "; the old workers keep serving";
        } catch (IOException | RuntimeException e) {
            return "reload aborted: " + e.getMessage() + "; the old workers keep serving";
        }
        console.log("drover: reloading (" + reason + "): replacing "
                + table.currents().size() + " workers one at a time, each once its replacement is ready");
        for (WorkerHandle worker : table.currents()) {
            replacements.reload(worker.index());
        }
        return null;
    }

    /**
     * Finishes the reload once none of its replacements waits or runs and every index has a
     * ready worker: one respawned meanwhile loads the new apps outside a replacement, and must
     * prove them too.
     */
    void finishIfDone(Set<Integer> indexes) {
        if (reloading() && !replacements.reloadPending() && table.allReady(indexes)) {
            AppSnapshot old = previous;
            previous = null;
            deleteIfUnused(old);
            String text =
                    "reload finished: " + indexes.size() + " workers run the apps of generation " + apps.generation();
            lastOutcome = "finished (generation " + apps.generation() + ")";
            console.log("drover: " + text);
            answer(Reply.ok(text));
        }
    }

    /**
     * Ends a reload that failed: the old apps are current again, and a worker that already runs
     * the new ones is replaced by one on the old, so that all serve one set again.
     */
    void abort(String why) {
        replacements.dropReloads();
        if (previous != null) {
            AppSnapshot aborted = apps;
            apps = previous;
            previous = null;
            for (WorkerHandle worker : table.currents()) {
                if (worker.apps() == aborted) {
                    replacements.restore(worker.index());
                }
            }
            deleteIfUnused(aborted);
        }
        String text = "reload aborted: " + why + "; the old workers keep serving";
        lastOutcome = "aborted: " + why;
        console.log("drover: " + text);
        answer(Reply.error(text));
    }

    /** Whether this worker runs the apps of the reload under way. */
    boolean onNewApps(WorkerHandle worker) {
        return reloading() && worker.apps() == apps;
    }

    /** Deletes a generation's copies once no live worker uses it, and it is neither current nor previous. */
    void deleteIfUnused(AppSnapshot snapshot) {
        if (snapshot != apps && snapshot != previous && table.live().stream().noneMatch(w -> w.apps() == snapshot)) {
            snapshot.delete();
        }
    }

    /** A {@code drover ctl reload} waits for the reload's outcome. */
    void await(CompletableFuture<Reply> reply) {
        waiters.add(reply);
    }

    /** Answers every command waiting for the reload. */
    void answer(Reply reply) {
        waiters.forEach(waiter -> waiter.complete(reply));
        waiters.clear();
    }

    /** The apps of the next generation; a mount that names no app yet is logged. */
    private AppSnapshot take() throws IOException, AppLoadException {
        AppSnapshot taken = AppSnapshot.take(runtime, next++, config);
        for (String mount : taken.waitingMounts()) {
            console.log("drover: mount " + mount + ": no app of that name yet; it waits for its jar in app-dir");
        }
        return taken;
    }
}
