package org.drover.master.dispatch;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.drover.master.log.Console;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;
import org.drover.wire.ResponseHead;

/**
 * The worker's end of a real data connection (a UNIX socket), driven by a test: the frames the
 * master sends arrive in a queue, and the test answers with frames of its own. The master's end
 * is a real {@link WorkerConnection} with its reader thread, in service at a {@link Dispatcher}.
 */
public final class FakeWorker implements AutoCloseable {

    private final Path dir;
    private final SocketChannel workerSide;
    private final FrameWriter writer;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final WorkerConnection connection;

    /** Connects a worker of {@code threads} slots and puts it in service at the dispatcher. */
    public FakeWorker(Dispatcher dispatcher, int threads) throws IOException {
        dir = Files.createTempDirectory("fw");
        Path socket = dir.resolve("s");
        SocketChannel masterSide;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            workerSide = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            masterSide = server.accept();
        }
        writer = new FrameWriter(workerSide);
        connection = new WorkerConnection(
                new WorkerId(1, 4711),
                new WorkerCounters(),
                null,
                new Console(System.out),
                masterSide,
                new FrameReader(masterSide),
                threads);
        connection.startReader(dispatcher, Runnable::run);
        dispatcher.addWorker(connection);
        Thread reader = new Thread(
                () -> {
                    FrameReader in = new FrameReader(workerSide);
                    try {
                        for (Frame frame = in.read(); frame != null; frame = in.read()) {
                            received.add(frame);
                        }
                    } catch (IOException e) {
                        // closed by the test
                    }
                },
                "fake-worker");
        reader.setDaemon(true);
        reader.start();
    }

    /** The master's view of this worker. */
    public WorkerConnection connection() {
        return connection;
    }

    /** The next frame the master sent; fails after 10 s. */
    public Frame next() throws InterruptedException {
        Frame frame = received.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("the master sent nothing within 10 s");
        }
        return frame;
    }

    /** The next frame, if one comes within this many milliseconds. */
    public Frame poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next frame, which must be of this type. */
    public Frame expect(FrameType type) throws InterruptedException {
        Frame frame = next();
        if (frame.type() != type) {
            throw new AssertionError("expected " + type + ", got " + frame);
        }
        return frame;
    }

    /** Sends the worker's frames for a whole response on a slot: HEAD, BODY, END. */
    public void respond(int slot, int status, String body, String... headers) throws IOException {
        send(new Frame(FrameType.HEAD, slot, new ResponseHead(status, "", List.of(headers)).encode()));
        if (!body.isEmpty()) {
            send(Frame.text(FrameType.BODY, slot, body));
        }
        end(slot, false);
    }

    /** Ends the slot's request: complete, or failed after its head. */
    public void end(int slot, boolean failed) throws IOException {
        send(new Frame(FrameType.END, slot, new byte[] {failed ? FrameType.END_FAILED : FrameType.END_COMPLETE}));
    }

    public void send(Frame frame) throws IOException {
        writer.send(frame);
    }

    /** The worker dies: its end of the connection closes. */
    public void die() throws IOException {
        workerSide.close();
    }

    @Override
    public void close() throws IOException {
        workerSide.close();
        connection.close();
        Files.deleteIfExists(dir.resolve("s"));
        Files.deleteIfExists(dir);
    }
}
