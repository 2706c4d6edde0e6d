package org.drover.master.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drover.master.apps.AppSnapshot;
import org.drover.master.supervise.ServerSnapshot;
import org.drover.master.supervise.WorkerState;

/**
 * The stats document, with uWSGI's field names where the meaning is the same (see
 * {@code docs/stats.md}): written from a {@link ServerSnapshot} by the stats server, read back by
 * {@code drover top}. The records' components are the fields, in order, named in snake case.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatsDocument(
        String version,
        long pid,
        String cwd,
        int listenQueue,
        long listenQueueErrors,
        int load,
        int generation,
        List<App> apps,
        List<Worker> workers,
        Cheaper cheaper) {

    static final String VERSION = "0.1.0";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Cheaper mode, only when it is on: the workers it keeps, its range, and its decisions by reason. */
    public record Cheaper(
            String algo, int workers, int min, int max, Map<String, Long> spawns, Map<String, Long> retirements) {}

    /** An app of the generation served. */
    public record App(String name, String mount, String jar, String version, String sha256, long loaded) {}

    /** A worker process. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Worker(
            int id,
            long pid,
            int accepting,
            long requests,
            long deltaRequests,
            long exceptions,
            long harakiriCount,
            String status,
            long rss,
            long vsz,
            long runningTime,
            long lastSpawn,
            int respawnCount,
            long tx,
            long avgRt,
            List<Core> cores,
            Jvm jvm) {}

    /** A request thread; {@code method}, {@code uri} and {@code age} only while it has a request. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Core(int id, int inRequest, String method, String uri, Double age) {}

    /** The figures a worker reports about its JVM. */
    public record Jvm(
            long heapUsed,
            long heapCommitted,
            long heapMax,
            long heapAfterGc,
            long gcCount,
            long gcTime,
            long threads) {}

    public static StatsDocument of(ServerSnapshot server) {
        List<App> apps = new ArrayList<>();
        for (AppSnapshot.Listed app : server.apps()) {
            apps.add(new App(
                    app.name(),
                    app.mount(),
                    app.jar().toString(),
                    app.version(),
                    app.sha256(),
                    server.appsTaken().getEpochSecond()));
        }
        List<Worker> workers = new ArrayList<>();
        for (ServerSnapshot.Worker worker : server.workers()) {
            workers.add(worker(worker));
        }
        return new StatsDocument(
                VERSION,
                server.pid(),
                System.getProperty("user.dir"),
                server.queued(),
                server.refused(),
                server.load(),
                server.generation(),
                apps,
                workers,
                server.cheaper() == null
                        ? null
                        : new Cheaper(
                                server.cheaper().algorithm(),
                                server.cheaper().workers(),
                                server.cheaper().min(),
                                server.cheaper().max(),
                                server.cheaper().spawns(),
                                server.cheaper().retirements()));
    }

    private static Worker worker(ServerSnapshot.Worker worker) {
        List<Core> cores = new ArrayList<>();
        for (ServerSnapshot.Core core : worker.cores()) {
            cores.add(
                    core.inRequest()
                            ? new Core(core.id(), 1, core.method(), core.uri(), Math.round(core.ageNanos() / 1e6) / 1e3)
                            : new Core(core.id(), 0, null, null, null));
        }
        var jvm = worker.jvm();
        long runningTime = worker.requestNanos() / 1000;
        return new Worker(
                worker.index(),
                worker.pid(),
                worker.state() == WorkerState.READY ? 1 : 0,
                worker.requests(),
                worker.deltaRequests(),
                jvm == null ? 0 : jvm.exceptions(),
                worker.harakiris(),
                status(worker),
                worker.rss(),
                worker.vsz(),
                runningTime,
                worker.spawnedAtMillis() / 1000,
                worker.respawns(),
                worker.tx(),
                worker.deltaRequests() == 0 ? 0 : runningTime / worker.deltaRequests(),
                cores,
                jvm == null
                        ? new Jvm(0, 0, 0, -1, 0, 0, 0)
                        : new Jvm(
                                jvm.heapUsed(),
                                jvm.heapCommitted(),
                                jvm.heapMax(),
                                jvm.heapAfterGc(),
                                jvm.gcCount(),
                                jvm.gcMillis(),
                                jvm.threads()));
    }

    private static String status(ServerSnapshot.Worker worker) {
        return switch (worker.state()) {
            case SPAWNING -> "cheap";
            case DRAINING, EXITED -> "draining";
            case READY -> worker.busy() > 0 ? "busy" : "idle";
        };
    }

    /** The document as one line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stats records always serialize", e);
        }
    }

    /** A document that says only what went wrong: {@code {"error": "..."}}. */
    static String error(String text) {
        try {
            return JSON.writeValueAsString(Map.of("error", text)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /**
     * Reads a document a master wrote.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static StatsDocument parse(String json) {
        try {
            return JSON.readValue(json, StatsDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad stats JSON: " + e.getOriginalMessage(), e);
        }
    }
}
