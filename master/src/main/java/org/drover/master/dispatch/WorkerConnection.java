package org.drover.master.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
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
        this.writer = new FrameWriter(channel);
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

    /** Starts the reader thread; when the connection ends, the worker's requests are failed. */
    public void startReader(Dispatcher dispatcher, Executor executor) {
        Thread thread = new Thread(() -> read(dispatcher, executor), "drover-worker-" + id.index() + "-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read(Dispatcher dispatcher, Executor executor) {
        List<Exchange> touched = new ArrayList<>();
        try {
            while (reader.readSome(frame -> {
                try {
                    route(frame, touched, dispatcher, executor);
                } catch (WireException e) {
                    throw new UncheckedIOException(e);
                }
            })) {
                // Write to the clients from this thread: the writes do not block, and a hand-off
                // to another thread costs a wake-up per response (measured: ~30% more req/s).
                for (Exchange exchange : touched) {
                    exchange.masterToClient();
                }
                touched.clear();
            }
        } catch (IOException | UncheckedIOException e) {
            if (accepting) {
                console.log("drover " + id + ": connection failed: " + e.getMessage());
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
                executor.execute(next::start);
            }
        }
    }

    /** Stops taking requests; the dispatcher no longer hands out this worker's slots. */
    public void stopAccepting() {
        accepting = false;
    }

    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
