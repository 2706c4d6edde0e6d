package org.drover.master;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.drover.wire.WorkerStats;

/**
 * The stats JSON, with uWSGI's field names where the meaning is the same (see
 * {@code docs/stats.md}). Built on the supervisor thread, which owns the worker table.
 */
final class StatsDocument {

    static final String VERSION = "0.1.0";

    private final StringBuilder json = new StringBuilder(2048);
    private boolean first = true;

    private StatsDocument() {}

    static String of(
            Collection<WorkerHandle> workers,
            Map<Integer, Integer> spawns,
            Dispatcher dispatcher,
            Front front,
            AppSnapshot apps) {
        StatsDocument doc = new StatsDocument();
        doc.open('{');
        doc.field("version", VERSION);
        doc.field("pid", ProcessHandle.current().pid());
        doc.field("cwd", System.getProperty("user.dir"));
        doc.field("listen_queue", dispatcher.queued());
        doc.field("listen_queue_errors", dispatcher.refused());
        doc.field("load", front.inFlight());
        doc.field("generation", apps.generation());
        doc.key("apps");
        doc.open('[');
        for (AppSnapshot.Listed app : apps.listing()) {
            doc.comma();
            doc.first = true;
            doc.open('{');
            doc.field("name", app.name());
            doc.field("mount", app.mount());
            doc.field("jar", app.jar().toString());
            doc.field("version", app.version());
            doc.field("sha256", app.sha256());
            doc.field("loaded", apps.taken().getEpochSecond());
            doc.close('}');
        }
        doc.close(']');
        doc.key("workers");
        doc.open('[');
        long now = System.nanoTime();
        for (WorkerHandle worker : workers) {
            doc.worker(worker, spawns.getOrDefault(worker.index(), 1) - 1, now);
        }
        doc.close(']');
        doc.close('}');
        return doc.json.append('\n').toString();
    }

    private void worker(WorkerHandle worker, int respawns, long now) {
        comma();
        first = true;
        open('{');
        long requests = worker.requests();
        WorkerStats stats = worker.stats();
        field("id", worker.index());
        field("pid", worker.pid());
        field("accepting", worker.state() == WorkerHandle.State.READY ? 1 : 0);
        field("requests", requests);
        field("delta_requests", requests - worker.requestsAtLastStats);
        worker.requestsAtLastStats = requests;
        field("exceptions", stats == null ? 0 : stats.exceptions());
        field("harakiri_count", worker.harakiris());
        field("status", status(worker));
        field("rss", ProcFiles.residentBytes(worker.pid()));
        field("vsz", ProcFiles.virtualBytes(worker.pid()));
        field("running_time", worker.requestNanos() / 1000);
        field("last_spawn", worker.spawnedAtMillis() / 1000);
        field("respawn_count", respawns);
        field("tx", worker.tx());
        field("avg_rt", requests == 0 ? 0 : worker.requestNanos() / 1000 / requests);
        key("cores");
        open('[');
        if (worker.data() != null) {
            for (MasterSlot slot : worker.data().slots()) {
                core(slot, now);
            }
        }
        close(']');
        key("jvm");
        open('{');
        field("heap_used", stats == null ? 0 : stats.heapUsed());
        field("heap_committed", stats == null ? 0 : stats.heapCommitted());
        field("heap_max", stats == null ? 0 : stats.heapMax());
        field("heap_after_gc", stats == null ? -1 : stats.heapAfterGc());
        field("gc_count", stats == null ? 0 : stats.gcCount());
        field("gc_time", stats == null ? 0 : stats.gcMillis());
        field("threads", stats == null ? 0 : stats.threads());
        close('}');
        close('}');
    }

    private void core(MasterSlot slot, long now) {
        comma();
        first = true;
        open('{');
        Exchange exchange = slot.exchange();
        field("id", slot.id());
        field("in_request", exchange == null ? 0 : 1);
        if (exchange != null) {
            field("method", exchange.client().method());
            field("uri", exchange.client().uri());
            field("age", exchange.ageNanos(now) / 1_000_000 / 1000.0);
        }
        close('}');
    }

    private static String status(WorkerHandle worker) {
        return switch (worker.state()) {
            case SPAWNING -> "cheap";
            case DRAINING, EXITED -> "draining";
            case READY ->
                worker.data() != null
                                && java.util.Arrays.stream(worker.data().slots())
                                        .anyMatch(slot -> slot.exchange() != null)
                        ? "busy"
                        : "idle";
        };
    }

    private void open(char c) {
        json.append(c);
        first = true;
    }

    private void close(char c) {
        json.append(c);
        first = false;
    }

    private void comma() {
        if (!first) {
            json.append(',');
        }
        first = false;
    }

    private void key(String name) {
        comma();
        string(name);
        json.append(':');
        first = true;
    }

    private void field(String name, String value) {
        key(name);
        string(value);
        first = false;
    }

    private void field(String name, long value) {
        key(name);
        json.append(value);
        first = false;
    }

    private void field(String name, double value) {
        key(name);
        json.append(String.format(Locale.ROOT, "%.3f", value));
        first = false;
    }

    private void string(String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
