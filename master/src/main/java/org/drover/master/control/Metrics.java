package org.drover.master.control;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.supervise.ServerSnapshot;
import org.drover.master.supervise.WorkerState;

/**
 * The instance's Prometheus metrics ({@code metrics ADDR}): requests by status class and their
 * latency, the queue and its 503s, busy and idle slots, respawns, recycles and harakiris, and
 * each worker's heap and GC. The exposition format is the Prometheus Java client's. The request
 * figures are counted here as requests finish; everything else is read, at each scrape, from a
 * snapshot the supervisor takes.
 */
public final class Metrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
    private final CounterDataPoint[] byClass = new CounterDataPoint[6];
    private final Histogram latency;
    private final Counter staticRequests;
    private final Counter staticBytes;
    /** The snapshot the scrape under way reads; guarded by this. */
    private ServerSnapshot server;

    public Metrics() {
        Counter requests = Counter.builder()
                .name("drover_requests")
                .help("Requests answered, by status class")
                .labelNames("status")
                .register(registry);
        for (int i = 1; i <= 5; i++) {
            byClass[i] = requests.labelValues(i + "xx");
        }
        latency = Histogram.builder()
                .name("drover_request_duration_seconds")
                .help("Time from a request's arrival at the master to its last byte sent")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .register(registry);
        staticRequests = Counter.builder()
                .name("drover_static_requests")
                .help("Static files served by the master (static-map), by status")
                .labelNames("status")
                .register(registry);
        staticBytes = Counter.builder()
                .name("drover_static_bytes")
                .help("Bytes of static files sent by the master (static-map)")
                .register(registry);
        counter("drover_queue_rejected", "Requests refused with 503 because the queue was full", s -> s.refused());
        counter(
                "drover_worker_respawns",
                "Workers spawned again for an index whose worker had died",
                ServerSnapshot::respawns);
        counter(
                "drover_worker_recycles",
                "Workers replaced by max-requests, reload-on-rss or reload-on-heap",
                ServerSnapshot::recycles);
        counter("drover_harakiris", "Requests killed by harakiri", ServerSnapshot::harakiris);
        cheaperGauge("drover_cheaper_workers", "Cheaper mode: the workers it keeps now", c -> c.workers());
        cheaperGauge("drover_cheaper_workers_min", "Cheaper mode: the fewest workers it keeps (cheaper)", c -> c.min());
        cheaperGauge("drover_cheaper_workers_max", "Cheaper mode: the most workers it keeps (processes)", c -> c.max());
        CounterWithCallback.builder()
                .name("drover_cheaper_decisions")
                .help("Cheaper mode: workers spawned and retired, by reason")
                .labelNames("action", "reason")
                .callback(callback -> {
                    if (server.cheaper() != null) {
                        server.cheaper().spawns().forEach((reason, n) -> callback.call(n, "spawn", reason));
                        server.cheaper().retirements().forEach((reason, n) -> callback.call(n, "retire", reason));
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_queue_depth")
                .help("Requests waiting for a free worker thread")
                .callback(callback -> callback.call(server.queued()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_slots")
                .help("Worker request threads, busy or idle")
                .labelNames("state")
                .callback(callback -> {
                    long busy = 0;
                    long idle = 0;
                    for (ServerSnapshot.Worker worker : server.workers()) {
                        busy += worker.busy();
                        idle += worker.state() == WorkerState.READY
                                ? worker.cores().size() - worker.busy()
                                : 0;
                    }
                    callback.call(busy, "busy");
                    callback.call(idle, "idle");
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_worker_heap_bytes")
                .help("A worker's heap, as it reported it")
                .labelNames("worker", "area")
                .callback(callback -> {
                    for (ServerSnapshot.Worker worker : currentWorkers()) {
                        if (worker.jvm() != null) {
                            String index = Integer.toString(worker.index());
                            callback.call(worker.jvm().heapUsed(), index, "used");
                            callback.call(worker.jvm().heapCommitted(), index, "committed");
                            callback.call(worker.jvm().heapMax(), index, "max");
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_worker_gc_collections")
                .help("A worker's garbage collections so far")
                .labelNames("worker")
                .callback(callback -> {
                    for (ServerSnapshot.Worker worker : currentWorkers()) {
                        if (worker.jvm() != null) {
                            callback.call(worker.jvm().gcCount(), Integer.toString(worker.index()));
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_worker_gc_seconds")
                .help("A worker's time in garbage collection so far")
                .labelNames("worker")
                .callback(callback -> {
                    for (ServerSnapshot.Worker worker : currentWorkers()) {
                        if (worker.jvm() != null) {
                            callback.call(worker.jvm().gcMillis() / 1000.0, Integer.toString(worker.index()));
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_app_loaded_timestamp_seconds")
                .help("Each mounted app, with its jar, version and SHA-256: when its generation was taken")
                .labelNames("app", "mount", "jar", "version", "sha256")
                .callback(callback -> {
                    for (AppSnapshot.Listed app : server.apps()) {
                        callback.call(
                                server.appsTaken().getEpochSecond(),
                                app.name(),
                                app.mount(),
                                app.jar().getFileName().toString(),
                                app.version(),
                                app.sha256());
                    }
                })
                .register(registry);
    }

    /** The workers of the snapshot, one per index: the gauges are labelled by index. */
    private List<ServerSnapshot.Worker> currentWorkers() {
        return server.workers().stream().filter(ServerSnapshot.Worker::current).toList();
    }

    /** A gauge of cheaper mode, absent when it is off. */
    private void cheaperGauge(String name, String help, ToDoubleFunction<ServerSnapshot.Cheaper> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(callback -> {
                    if (server.cheaper() != null) {
                        callback.call(value.applyAsDouble(server.cheaper()));
                    }
                })
                .register(registry);
    }

    private void counter(String name, String help, ToDoubleFunction<ServerSnapshot> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(callback -> callback.call(value.applyAsDouble(server)))
                .register(registry);
    }

    /** A static file was served (static-map); on the request path, lock-free. */
    public void servedStatic(int status, long bytes) {
        staticRequests.labelValues(Integer.toString(status)).inc();
        staticBytes.inc(bytes);
    }

    /** A request was answered; on the request path, lock-free. */
    public void answered(int status, long nanos) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            byClass[statusClass].inc();
        }
        latency.observe(nanos / 1e9);
    }

    /** The metrics in Prometheus's text format, the server's figures read from this snapshot. */
    public synchronized SnapshotHandler.Document scrape(ServerSnapshot snapshot) {
        server = snapshot;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            format.write(text, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics to memory", e);
        }
        return new SnapshotHandler.Document(format.getContentType(), text.toString(StandardCharsets.UTF_8));
    }
}
