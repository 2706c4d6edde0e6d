package org.drover.master.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.drover.master.log.Console;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;
import org.drover.wire.MountTable;
import org.drover.wire.WireException;

/**
 * The data connection to one worker: request frames go out through a shared writer, and one
 * reader thread takes the worker's frames, routes each to the exchange on its slot, then
 * writes what every exchange got in that read to its client.
 *
 * <p>The channel is in non-blocking mode, so that no sender ever waits for the worker: Jetty's
 * selector threads send requests, and a worker that stops reading (stopped, or stuck in a long
 * pause) must not stall them. What the worker's socket does not take at once waits in the
 * writer's queue, bounded by the protocol (one request per slot, bodies against credit), and
 * the reader thread, which selects on the channel, writes it once the channel is writable.
 */
public final class WorkerConnection {

    private final WorkerId id;
    private final WorkerCounters counters;
    private final MountTable mounts;
    private final Console console;
    private final SocketChannel channel;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final MasterSlot[] slots;
    /** Set by {@link #startReader}, before any frame is sent. */
    private volatile Selector selector;

    private SelectionKey key;
    /** Whether frames wait for the channel to be writable. */
    private final AtomicBoolean flushPending = new AtomicBoolean();

    private volatile boolean accepting = true;

    /**
     * @param mounts the mount table of the apps the worker loaded, by which the request log names
     *     the app of a request
     * @param threads the worker's request threads: one slot each
     */
    public WorkerConnection(
            WorkerId id,
            WorkerCounters counters,
            MountTable mounts,
            Console console,
            SocketChannel channel,
            FrameReader reader,
            int threads) {
        this.id = id;
        this.counters = counters;
        this.mounts = mounts;
        this.console = console;
        this.channel = channel;
        this.reader = reader;
        this.writer = FrameWriter.nonBlocking(channel, () -> {
            flushPending.set(true);
            selector.wakeup(); // the reader selects for writability too
        });
        this.slots = new MasterSlot[threads];
        for (int i = 0; i < threads; i++) {
            slots[i] = new MasterSlot(this, i);
        }
    }

    WorkerId id() {
        return id;
    }

    WorkerCounters counters() {
        return counters;
    }

    MountTable mounts() {
        return mounts;
    }

    MasterSlot[] slots() {
        return slots;
    }

    boolean accepting() {
        return accepting;
    }

    /** Sends encoded frames to the worker. */
    void send(ByteBuffer frames) throws IOException {
        writer.send(frames);
    }

    /**
     * Puts the channel in non-blocking mode and starts the reader thread; when the connection
     * ends, the worker's requests are failed. Called before the dispatcher hands out its slots.
     *
     * @throws IOException if the channel cannot be put in non-blocking mode
     */
    public void startReader(Dispatcher dispatcher, Executor executor) throws IOException {
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        key = channel.register(selector, SelectionKey.OP_READ);
        this.selector = selector;
        Thread thread = new Thread(() -> read(dispatcher, executor), "drover-worker-" + id.index() + "-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read(Dispatcher dispatcher, Executor executor) {
        List<Exchange> touched = new ArrayList<>();
        Consumer<Frame> routing = frame -> {
            try {
                route(frame, touched, dispatcher, executor);
            } catch (WireException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            int n;
            while ((n = reader.readAvailable(routing)) >= 0) {
                // Write to the clients from this thread: the writes do not block, and a hand-off
                // to another thread costs a wake-up per response (measured: ~30% more req/s).
                for (Exchange exchange : touched) {
                    exchange.masterToClient();
                }
                touched.clear();
                if (flushPending.get()) {
                    flush();
                }
                if (n == 0) {
                    int ops = SelectionKey.OP_READ | (flushPending.get() ? SelectionKey.OP_WRITE : 0);
                    if (key.interestOps() != ops) {
                        key.interestOps(ops); // a change takes the selector's update lock: only when needed
                    }
                    selector.select();
                    selector.selectedKeys().clear();
                }
            }
        } catch (ClosedSelectorException | CancelledKeyException e) {
            // closed by the master (the worker is killed or gone): nothing to report
        } catch (IOException | UncheckedIOException e) {
            if (accepting) {
                console.log("drover " + id + ": connection failed: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        } finally {
            accepting = false;
            close();
            for (Exchange exchange : dispatcher.removeWorker(this)) {
                exchange.workerLost();
            }
        }
    }

    private void route(Frame frame, List<Exchange> touched, Dispatcher dispatcher, Executor executor)
            throws WireException {
        if (frame.slot() >= slots.length) {
            throw new WireException(id + " sent " + frame + " for a slot it does not have");
        }
        MasterSlot slot = slots[frame.slot()];
        Exchange exchange = slot.exchange();
        if (exchange == null) {
            return; // late frame of an exchange that is gone
        }
        if (exchange.workerToMaster(frame) && !touched.contains(exchange)) {
            touched.add(exchange);
        }
        if (frame.type() == FrameType.END) {
            exchange.counted(counters.countRequest());
            Exchange next = dispatcher.release(slot);
            if (next != null) {
                // The queued request takes the slot just freed, on this same connection, whose
                // writes never wait: it is sent from here, without a wake-up of a pool thread,
                // unless its body must be read from a file.
                if (next.startsWithoutFile()) {
                    next.start();
                } else {
                    executor.execute(next::start);
                }
            }
        }
    }

    /** Writes what waited for the channel, as far as it takes it now. */
    private void flush() throws IOException {
        flushPending.set(false);
        if (!writer.flush()) {
            flushPending.set(true);
        }
    }

    /** Stops taking requests; the dispatcher no longer hands out this worker's slots. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Closes the connection; the reader, woken by its selector's close, ends. */
    public void close() {
        try {
            channel.close();
            if (selector != null) {
                selector.close(); // wakes the reader, and lets the channel's socket close at once
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
