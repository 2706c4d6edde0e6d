package org.drover.master.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the master supervises the workers over their lives: request deadlines, recycling, reload
 * triggers, stop and boot limits, and the pid and log files. Times are in seconds, sizes in MB;
 * 0 turns a limit off.
 *
 * @param harakiri a request running longer is killed (504, stack logged, thread interrupted)
 * @param harakiriMercy how long an interrupted request thread has to return before its worker is replaced
 * @param harakiriVerbose log every thread of the worker, not just the stuck one
 * @param workerReloadMercy how long a retiring worker has to finish its requests before it is killed
 * @param slowlog a request running longer gets its stack logged once
 * @param maxRequests a worker is recycled after this many requests
 * @param maxRequestsDelta worker i is recycled after {@code maxRequests + i * maxRequestsDelta}
 * @param reloadOnRss a worker is recycled when its resident memory passes this many MB
 * @param reloadOnHeap a worker is recycled when this percent of its heap is still used after a full GC
 * @param minWorkerLifetime a worker is not recycled younger than this
 * @param touchReload files whose modification triggers a reload
 * @param autoreload poll the app jars this often and reload when one changes
 * @param gracefulTimeout how long a graceful stop waits for requests in flight
 * @param drainDelay how long a stop goes on serving, with the readiness probe failing, before it begins
 * @param workerBootTimeout a worker not ready this long after its spawn is killed
 * @param pidfile the file the master writes its pid to
 * @param logto the file that receives the master's and the workers' output
 * @param masterFifo the named pipe the master reads uWSGI's one-letter commands from
 * @param uid the user the master becomes once its listeners are bound, a name or a number
 * @param gid the group it becomes, a name or a number
 */
public record Lifecycle(
        int harakiri,
        int harakiriMercy,
        boolean harakiriVerbose,
        int workerReloadMercy,
        int slowlog,
        long maxRequests,
        long maxRequestsDelta,
        long reloadOnRss,
        int reloadOnHeap,
        int minWorkerLifetime,
        List<Path> touchReload,
        int autoreload,
        int gracefulTimeout,
        int drainDelay,
        int workerBootTimeout,
        Optional<Path> pidfile,
        Optional<Path> logto,
        Optional<Path> masterFifo,
        Optional<String> uid,
        Optional<String> gid) {

    /** Copies the list. */
    public Lifecycle {
        touchReload = List.copyOf(touchReload);
        Objects.requireNonNull(pidfile, "pidfile");
        Objects.requireNonNull(logto, "logto");
        Objects.requireNonNull(masterFifo, "masterFifo");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
    }

    /** The request limit of worker {@code index}, or 0 when there is none. */
    public long maxRequestsOf(int index) {
        return maxRequests == 0 ? 0 : maxRequests + index * maxRequestsDelta;
    }
}
