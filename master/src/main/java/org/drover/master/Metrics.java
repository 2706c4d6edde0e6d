package org.drover.master;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.drover.master.config.ServerConfig;

/**
 * The instance's Prometheus metrics ({@code metrics ADDR}): requests by status class and their
 * latency, the queue and its 503s, busy and idle slots, respawns, recycles and harakiris, and
 * each worker's heap and GC. The exposition format is the Prometheus Java client's; per-worker
 * figures come from the supervisor, which owns the worker table, at each scrape.
 */
final class Metrics implements AutoCloseable {

    /** A worker's figures at a scrape. */
    record WorkerFigures(
            int index,
            long heapUsed,
            long heapCommitted,
            long heapMax,
            long gcCount,
            long gcMillis,
            long busySlots,
            long idleSlots) {

        /** A worker's figures now: its last PING, and its slots as the dispatcher sees them. */
        static WorkerFigures of(WorkerHandle worker, Dispatcher dispatcher, int threads) {
            org.drover.wire.WorkerStats stats = worker.stats();
            int busy = worker.data() == null
                    ? 0
                    : dispatcher.exchangesOn(worker.data()).size();
            int idle = worker.state() == WorkerHandle.State.READY ? threads - busy : 0;
            return new WorkerFigures(
                    worker.index(),
                    stats == null ? 0 : stats.heapUsed(),
                    stats == null ? 0 : stats.heapCommitted(),
                    stats == null ? 0 : stats.heapMax(),
                    stats == null ? 0 : stats.gcCount(),
                    stats == null ? 0 : stats.gcMillis(),
                    busy,
                    idle);
        }
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CounterDataPoint[] byClass = new CounterDataPoint[6];
    private final Histogram latency;
    private final Counter respawns;
    private final Counter recycles;
    private final Counter harakiris;
    private volatile List<WorkerFigures> workers = List.of();
    private volatile AppSnapshot apps;
    private HttpServer http;

    Metrics(Dispatcher dispatcher) {
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
        CounterWithCallback.builder()
                .name("drover_queue_rejected")
                .help("Requests refused with 503 because the queue was full")
                .callback(callback -> callback.call(dispatcher.refused()))
                .register(registry);
        respawns = Counter.builder()
                .name("drover_worker_respawns")
                .help("Workers spawned again for an index whose worker had died")
                .register(registry);
        recycles = Counter.builder()
                .name("drover_worker_recycles")
                .help("Workers replaced by max-requests, reload-on-rss or reload-on-heap")
                .register(registry);
        harakiris = Counter.builder()
                .name("drover_harakiris")
                .help("Requests killed by harakiri")
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_queue_depth")
                .help("Requests waiting for a free worker thread")
                .callback(callback -> callback.call(dispatcher.queued()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_slots")
                .help("Worker request threads, busy or idle")
                .labelNames("state")
                .callback(callback -> {
                    long busy = 0;
                    long idle = 0;
                    for (WorkerFigures worker : workers) {
                        busy += worker.busySlots();
                        idle += worker.idleSlots();
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
                    for (WorkerFigures worker : workers) {
                        String index = Integer.toString(worker.index());
                        callback.call(worker.heapUsed(), index, "used");
                        callback.call(worker.heapCommitted(), index, "committed");
                        callback.call(worker.heapMax(), index, "max");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_worker_gc_collections")
                .help("A worker's garbage collections so far")
                .labelNames("worker")
                .callback(callback -> {
                    for (WorkerFigures worker : workers) {
                        callback.call(worker.gcCount(), Integer.toString(worker.index()));
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_app_loaded_timestamp_seconds")
                .help("Each mounted app, with its jar, version and SHA-256: when its generation was taken")
                .labelNames("app", "mount", "jar", "version", "sha256")
                .callback(callback -> {
                    AppSnapshot snapshot = apps;
                    if (snapshot != null) {
                        for (AppSnapshot.Listed app : snapshot.listing()) {
                            callback.call(
                                    snapshot.taken().getEpochSecond(),
                                    app.name(),
                                    app.mount(),
                                    app.jar().getFileName().toString(),
                                    app.version(),
                                    app.sha256());
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("drover_worker_gc_seconds")
                .help("A worker's time in garbage collection so far")
                .labelNames("worker")
                .callback(callback -> {
                    for (WorkerFigures worker : workers) {
                        callback.call(worker.gcMillis() / 1000.0, Integer.toString(worker.index()));
                    }
                })
                .register(registry);
    }

    /** The apps the next scrape lists; set by the supervisor as it answers a scrape. */
    void showApps(AppSnapshot snapshot) {
        apps = snapshot;
    }

    /** A request was answered; on the request path, lock-free. */
    void answered(int status, long nanos) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            byClass[statusClass].inc();
        }
        latency.observe(nanos / 1e9);
    }

    void respawned() {
        respawns.inc();
    }

    void recycled() {
        recycles.inc();
    }

    void harakiri() {
        harakiris.inc();
    }

    /** Serves the metrics over HTTP; each scrape asks the supervisor for the workers' figures. */
    void serve(ServerConfig.HostPort address, Consumer<SupervisorEvent> supervisor, Console console)
            throws IOException {
        PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
        http = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 16);
        http.createContext("/", exchange -> {
            CompletableFuture<List<WorkerFigures>> figures = new CompletableFuture<>();
            supervisor.accept(new SupervisorEvent.MetricsRequest(figures));
            try {
                workers = figures.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                workers = List.of(); // the supervisor did not answer: instance metrics only
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            synchronized (this) {
                format.write(body, registry.scrape());
            }
            exchange.getResponseHeaders().set("Content-Type", format.getContentType());
            exchange.sendResponseHeaders(200, body.size());
            exchange.getResponseBody().write(body.toByteArray());
            exchange.close();
        });
        http.start();
        console.log("drover metrics on http://" + address.host() + ":"
                + http.getAddress().getPort() + "/metrics");
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
    }
}
