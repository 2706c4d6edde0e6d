package org.drover.worker;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.drover.wire.Frame;
import org.drover.wire.FrameReader;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;

/**
 * The master's end of a real Unix socket pair, for tests of what the worker sends: the code
 * under test writes with {@link #writer()} (a real {@link FrameWriter}), and a thread here reads
 * the frames back with a real {@link FrameReader}. Nothing of the wire is faked.
 */
final class FakeMaster implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;
    private static final Frame CLOSED = Frame.of(FrameType.STOP, 0);

    private final SocketChannel workerEnd;
    private final SocketChannel masterEnd;
    private final FrameWriter writer;
    private final FrameWriter masterWriter;
    private final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private volatile IOException readFailure;
    private Thread reader;

    private FakeMaster(SocketChannel workerEnd, SocketChannel masterEnd) {
        this.workerEnd = workerEnd;
        this.masterEnd = masterEnd;
        this.writer = new FrameWriter(workerEnd);
        this.masterWriter = new FrameWriter(masterEnd);
    }

    /** A socket pair in {@code dir}, its frames read back at once. */
    static FakeMaster open(Path dir) throws IOException {
        FakeMaster master = connect(dir);
        master.startReading();
        return master;
    }

    /** A socket pair whose master end reads nothing until {@link #startReading()}. */
    static FakeMaster notReading(Path dir) throws IOException {
        return connect(dir);
    }

    private static FakeMaster connect(Path dir) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("m.sock"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            SocketChannel worker = SocketChannel.open(address);
            return new FakeMaster(worker, server.accept());
        }
    }

    /** Starts the thread that reads the frames the worker sends. */
    void startReading() {
        reader = new Thread(
                () -> {
                    FrameReader frames = new FrameReader(masterEnd);
                    try {
                        while (frames.readSome(received::add)) {
                            // every frame is queued
                        }
                    } catch (IOException e) {
                        readFailure = e;
                    }
                    received.add(CLOSED);
                },
                "fake-master-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The worker's writer, over the real socket. */
    FrameWriter writer() {
        return writer;
    }

    /** Sends frames to the worker, as the master does. */
    void send(Frame... frames) throws IOException {
        for (Frame frame : frames) {
            masterWriter.send(frame);
        }
    }

    /** The worker's end of the socket. */
    SocketChannel workerEnd() {
        return workerEnd;
    }

    /** The next frame the worker sent; fails after 10 s without one or at end of stream. */
    Frame next() throws InterruptedException {
        Frame frame = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (frame == null) {
            fail("no frame from the worker within " + TIMEOUT_SECONDS + " s");
        }
        if (frame == CLOSED) {
            fail("the worker's connection closed" + (readFailure == null ? "" : ": " + readFailure));
        }
        return frame;
    }

    /** Every frame up to and including the next END. */
    List<Frame> response() throws InterruptedException {
        List<Frame> frames = new ArrayList<>();
        Frame frame;
        do {
            frame = next();
            frames.add(frame);
        } while (frame.type() != FrameType.END);
        return frames;
    }

    /** Checks that no frame arrives within this time. */
    void assertNothingFor(long millis) throws InterruptedException {
        assertNull(received.poll(millis, TimeUnit.MILLISECONDS), "a frame the worker should not have sent");
    }

    /** Closes the master's end only, as a master that stops or dies: the worker reads its end of stream. */
    void hangUp() throws IOException {
        masterEnd.close();
    }

    @Override
    public void close() throws IOException {
        workerEnd.close();
        masterEnd.close();
    }
}
