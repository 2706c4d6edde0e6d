package org.drover.worker;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.drover.wire.ExitCodes;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;

/**
 * The worker's request threads, which take turns reading the data connection (leader/follower):
 * one thread, the leader, reads; when a read brings a request, the leader hands the reading on
 * to a waiting thread and runs the request itself, so a request costs no hand-off between the
 * thread that read it and the thread that runs it. Frames that are not requests (body, cancel,
 * interrupt) are handled by the leader as it reads them.
 *
 * <p>There is one thread more than the worker has slots: the master puts at most one request on
 * a slot at a time, so while every slot runs a request one thread is still free to read their
 * body, cancel and interrupt frames. A request that finds no thread waiting (the master sent a
 * slot's next request while the thread that sent the previous one's END is still finishing it)
 * waits in a queue for the first thread that comes back.
 */
final class RequestThreads {

    private final FrameReader reader;
    private final Function<Frame, Runnable> dispatch;
    private final IntConsumer exit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    /** Requests read and not yet taken by a thread; guarded by the lock. */
    private final ArrayDeque<Runnable> runnable = new ArrayDeque<>();
    /** Requests of the leader's current read; touched by the leader only, handed on under the lock. */
    private final List<Runnable> read = new ArrayList<>();
    /** Whether a thread is reading; guarded by the lock. */
    private boolean led;
    /** Threads waiting for a request or for their turn to read; guarded by the lock. */
    private int waiting;

    /** Whether the connection has ended; the threads stop reading and taking requests. */
    private volatile boolean ended;

    /**
     * @param dispatch handles one frame as the leader reads it, and returns the request it starts
     *     to run on a request thread, or {@code null}
     * @param exit ends the process with an exit code when the connection ends: at its end of
     *     stream (the master is gone or has stopped the worker), or when it fails
     */
    RequestThreads(FrameReader reader, Function<Frame, Runnable> dispatch, IntConsumer exit) {
        this.reader = reader;
        this.dispatch = dispatch;
        this.exit = exit;
    }

    /** Starts {@code count} threads, each with the app's class loader as its context class loader. */
    void start(int count, ClassLoader appLoader) {
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(this::run, "drover-request-" + i);
            thread.setContextClassLoader(appLoader);
            thread.start();
        }
    }

    /** Threads waiting for a request or for their turn to read. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** Requests read that wait for a thread. */
    int queued() {
        lock.lock();
        try {
            return runnable.size();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!ended) {
            Runnable request = next();
            if (request == null) {
                request = lead(); // null once the connection has ended
            }
            if (request != null) {
                request.run();
            }
        }
    }

    /** Waits for a request to run, or for this thread's turn to read ({@code null}). */
    private Runnable next() {
        lock.lock();
        try {
            while (true) {
                Runnable request = runnable.poll();
                if (request != null) {
                    return request;
                }
                if (!led) {
                    led = true;
                    return null;
                }
                waiting++;
                turn.awaitUninterruptibly();
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads until a read brings a request and a thread waits to take the reading over; then
     * gives the read's other requests to waiting threads and returns one to run on this thread.
     * Requests that find no thread free are queued, and this thread reads on.
     */
    private Runnable lead() {
        while (true) {
            try {
                do {
                    if (!reader.readSome(this::accept)) {
                        // The master closed the data connection: it is gone or has stopped us.
                        end(ExitCodes.OK);
                        return null;
                    }
                } while (read.isEmpty());
            } catch (IOException e) {
                System.err.println("drover worker: lost the master: " + e.getMessage());
                end(ExitCodes.FAILURE);
                return null;
            }
            lock.lock();
            try {
                Runnable mine = null;
                int first = 0;
                if (waiting >= read.size()) { // one for each of the other requests, and one to read
                    mine = read.get(0);
                    first = 1;
                    led = false;
                }
                for (int i = first; i < read.size(); i++) {
                    runnable.add(read.get(i));
                }
                read.clear(); // before the next leader reads into it, once the lock is released
                int wake = Math.min(waiting, runnable.size() + (led ? 0 : 1));
                for (int i = 0; i < wake; i++) {
                    turn.signal();
                }
                if (mine != null) {
                    return mine;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void end(int code) {
        ended = true;
        exit.accept(code);
    }

    private void accept(Frame frame) {
        Runnable request = dispatch.apply(frame);
        if (request != null) {
            read.add(request);
        }
    }
}
