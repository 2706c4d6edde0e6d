package org.drover.master.supervise;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.drover.master.apps.AppSnapshot;
import org.drover.wire.WorkerStats;

/**
 * The server at one moment, taken on the supervisor's thread, which owns the worker table: what
 * the stats, the metrics and {@code drover ctl} show. Nothing in it changes once taken.
 *
 * @param load requests the master holds: reading their body, queued, or at a worker
 * @param queued requests waiting for a free worker thread
 * @param refused requests refused with 503 because the queue was full, since the start
 * @param target the workers the master keeps
 * @param ready the indexes whose current worker is ready
 * @param apps the apps of the generation being served
 * @param workers every worker process alive, in index order
 * @param respawns workers spawned again for an index whose worker had died
 * @param recycles workers replaced by max-requests, reload-on-rss or reload-on-heap
 * @param harakiris requests killed by harakiri
 * @param cheaper cheaper mode's state, or null when it is off
 */
public record ServerSnapshot(
        long pid,
        int load,
        int queued,
        long refused,
        int target,
        long ready,
        boolean reloading,
        boolean stopping,
        int generation,
        Instant appsTaken,
        List<AppSnapshot.Listed> apps,
        List<Worker> workers,
        long respawns,
        long recycles,
        long harakiris,
        Cheaper cheaper) {

    /**
     * Cheaper mode now.
     *
     * @param workers the workers it keeps now, from {@code min} to {@code max}
     * @param spawns workers it spawned, by reason, in the reasons' order
     * @param retirements workers it retired, by reason
     */
    public record Cheaper(
            String algorithm, int workers, int min, int max, Map<String, Long> spawns, Map<String, Long> retirements) {}

    /**
     * One worker process.
     *
     * @param current whether it is the worker of its index: during a replacement an index has
     *     two processes, the new one and the one draining, and only one is current
     * @param requests requests finished by every process that ran this index so far
     * @param deltaRequests requests this process finished since it was spawned
     * @param requestNanos time spent on this process's requests, from their arrival at the
     *     master to their last byte sent
     * @param respawns workers spawned for this index before this one
     * @param jvm the figures of its last PING, or null before the first
     * @param cores one per request thread
     */
    public record Worker(
            int index,
            long pid,
            WorkerState state,
            boolean current,
            long requests,
            long deltaRequests,
            long harakiris,
            long rss,
            long vsz,
            long requestNanos,
            long spawnedAtMillis,
            int respawns,
            long tx,
            WorkerStats jvm,
            List<Core> cores) {

        /** Threads on a request now. */
        public int busy() {
            return (int) cores.stream().filter(Core::inRequest).count();
        }
    }

    /**
     * One request thread of a worker.
     *
     * @param method the method of the request on it, or null when it has none
     * @param ageNanos how long that request has been at the worker
     */
    public record Core(int id, String method, String uri, long ageNanos) {

        public boolean inRequest() {
            return method != null;
        }
    }
}
