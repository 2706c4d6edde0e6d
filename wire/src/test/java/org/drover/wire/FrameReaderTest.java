package org.drover.wire;

import static org.drover.wire.FrameAssertions.assertSameFrame;
import static org.drover.wire.FrameAssertions.assertSameFrames;
import static org.drover.wire.FrameAssertions.wireBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameReaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** How the bytes reach the reader. */
    enum Feed {
        ONE_BYTE,
        SEVEN_BYTES,
        RANDOM_PIECES,
        ALL_AT_ONCE,
        PIPE
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Thread> feeders = new ArrayList<>();

    @AfterEach
    void closeChannels() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        for (Thread t : feeders) {
            t.join(TimeUnit.SECONDS.toMillis(5));
            assertFalse(t.isAlive(), "pipe feeder thread did not finish");
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void everyTypeRoundTripsThroughReadSome(Feed feed) throws Exception {
        List<Frame> sent = everyType(feed);
        ReadableByteChannel channel = channel(feed, wireBytes(sent));
        FrameReader reader = new FrameReader(channel);
        List<Frame> received = new ArrayList<>();

        assertTimeoutPreemptively(TIMEOUT, () -> {
            while (reader.readSome(received::add)) {
                // keep reading until end of stream
            }
        });

        assertSameFrames(sent, received);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void everyTypeRoundTripsThroughRead(Feed feed) throws Exception {
        List<Frame> sent = everyType(feed);
        ReadableByteChannel channel = channel(feed, wireBytes(sent));
        FrameReader reader = new FrameReader(channel);
        List<Frame> received = new ArrayList<>();

        assertTimeoutPreemptively(TIMEOUT, () -> {
            Frame frame;
            while ((frame = reader.read()) != null) {
                received.add(frame);
            }
        });

        assertSameFrames(sent, received);
        assertNull(reader.read(), "end of stream stays end of stream");
    }

    @Test
    void framesThatArriveInOneReadAreAllDeliveredInOrder() throws IOException {
        List<Frame> sent = smallFrames(20);
        TrickleChannel channel = TrickleChannel.allAtOnce(wireBytes(sent));
        FrameReader reader = new FrameReader(channel);
        List<Frame> received = new ArrayList<>();

        assertTrue(reader.readSome(received::add));

        assertEquals(1, channel.reads());
        assertSameFrames(sent, received);
        assertFalse(reader.readSome(received::add));
    }

    @Test
    void framesWrittenTogetherToAPipeAreDeliveredByOneReadSome() throws Exception {
        List<Frame> sent = smallFrames(20);
        Pipe pipe = Pipe.open();
        toClose.add(pipe.sink());
        toClose.add(pipe.source());
        pipe.sink().write(ByteBuffer.wrap(wireBytes(sent)));
        FrameReader reader = new FrameReader(pipe.source());
        List<Frame> received = new ArrayList<>();

        assertTimeoutPreemptively(TIMEOUT, () -> reader.readSome(received::add));

        assertSameFrames(sent, received);
    }

    /** The master's data connections are non-blocking: a read may bring nothing, and says so. */
    @Test
    void aNonBlockingReadThatBringsNothingReturnsZeroAndTheNextBringsTheFrames() throws Exception {
        List<Frame> sent = smallFrames(5);
        Pipe pipe = Pipe.open();
        toClose.add(pipe.sink());
        toClose.add(pipe.source());
        pipe.source().configureBlocking(false);
        FrameReader reader = new FrameReader(pipe.source());
        List<Frame> received = new ArrayList<>();

        assertEquals(0, reader.readAvailable(received::add));
        assertEquals(List.of(), received);

        byte[] bytes = wireBytes(sent);
        pipe.sink().write(ByteBuffer.wrap(bytes));
        assertEquals(bytes.length, reader.readAvailable(received::add));
        assertSameFrames(sent, received);

        pipe.sink().close();
        assertEquals(-1, reader.readAvailable(received::add), "end of stream on a frame boundary");
    }

    @Test
    void aReadThatEndsInsideAFrameDeliversTheWholeOnesAndKeepsTheRest() throws IOException {
        List<Frame> sent = List.of(
                new Frame(FrameType.BODY, 1, new byte[] {1, 2, 3}),
                new Frame(FrameType.BODY, 2, new byte[] {4, 5, 6}),
                new Frame(FrameType.BODY_END, 1, new byte[0]));
        // 10 bytes per frame: the first read ends 5 bytes into the second frame
        int[] pieces = {15, 100};
        int[] next = {0};
        TrickleChannel channel = new TrickleChannel(wireBytes(sent), () -> pieces[next[0]++]);
        FrameReader reader = new FrameReader(channel);
        List<Frame> received = new ArrayList<>();

        assertTrue(reader.readSome(received::add));
        assertSameFrames(sent.subList(0, 1), received);

        assertTrue(reader.readSome(received::add));
        assertSameFrames(sent, received);
    }

    @Test
    void readReturnsFramesAlreadyBufferedWithoutReadingAgain() throws IOException {
        List<Frame> sent = smallFrames(5);
        TrickleChannel channel = TrickleChannel.allAtOnce(wireBytes(sent));
        FrameReader reader = new FrameReader(channel);

        for (Frame expected : sent) {
            assertSameFrame(expected, reader.read());
            assertEquals(1, channel.reads());
        }
        assertNull(reader.read());
    }

    @Test
    void readAndReadSomeShareTheBuffer() throws IOException {
        List<Frame> sent = smallFrames(6);
        FrameReader reader = new FrameReader(new TrickleChannel(wireBytes(sent), () -> 13));
        List<Frame> received = new ArrayList<>();

        received.add(reader.read());
        while (reader.readSome(received::add)) {
            // the rest
        }

        assertSameFrames(sent, received);
    }

    @Test
    void endOfStreamBeforeAnyFrameIsAnOrderlyEnd() throws IOException {
        assertFalse(new FrameReader(TrickleChannel.allAtOnce(new byte[0])).readSome(f -> {}));
        assertNull(new FrameReader(TrickleChannel.allAtOnce(new byte[0])).read());
    }

    /** Cuts inside the header (1-6) and inside the 20-byte payload (7-26). */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 7, 8, 16, 26})
    void endOfStreamInsideAFrameIsAWireErrorFromReadSome(int cut) {
        Frame whole = Frame.of(FrameType.READY, 0);
        byte[] wire = wireBytes(List.of(whole, new Frame(FrameType.BODY, 9, new byte[20])));
        byte[] truncated = Arrays.copyOf(wire, whole.size() + cut);
        FrameReader reader = new FrameReader(new TrickleChannel(truncated, () -> 1));
        List<Frame> received = new ArrayList<>();

        WireException e = assertThrows(WireException.class, () -> {
            while (reader.readSome(received::add)) {
                // until the end
            }
        });

        assertEquals("connection closed inside a frame (" + cut + " bytes of it received)", e.getMessage());
        assertSameFrames(List.of(whole), received);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 7, 8, 16, 26})
    void endOfStreamInsideAFrameIsAWireErrorFromRead(int cut) throws IOException {
        Frame whole = Frame.of(FrameType.READY, 0);
        byte[] wire = wireBytes(List.of(whole, new Frame(FrameType.BODY, 9, new byte[20])));
        FrameReader reader = new FrameReader(TrickleChannel.allAtOnce(Arrays.copyOf(wire, whole.size() + cut)));

        assertSameFrame(whole, reader.read());
        WireException e = assertThrows(WireException.class, reader::read);

        assertEquals("connection closed inside a frame (" + cut + " bytes of it received)", e.getMessage());
    }

    @Test
    void everyUnknownTypeCodeIsAWireErrorNamingIt() {
        for (int code = 0; code < 256; code++) {
            if (FrameType.of(code) != null) {
                continue;
            }
            ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) code, 0, 1, 0, 0, 0, 0});
            WireException e = assertThrows(WireException.class, () -> FrameReader.decode(in));
            assertEquals("unknown frame type " + code + " at offset 0", e.getMessage());
        }
    }

    @Test
    void unknownTypeFailsAtOnceOnAnOpenConnection() throws Exception {
        Pipe pipe = openPipe();
        pipe.sink().write(ByteBuffer.wrap(new byte[] {99, 0, 1, 0, 0, 0, 5}));
        FrameReader reader = new FrameReader(pipe.source());

        WireException e = assertThrows(
                WireException.class, () -> assertTimeoutPreemptively(TIMEOUT, () -> reader.readSome(f -> {})));

        assertEquals("unknown frame type 99 at offset 0", e.getMessage());
    }

    /**
     * The length is checked from the header alone: the sender keeps the connection open and
     * sends no payload, so a reader that waited for the payload (or tried to allocate it) would
     * hang or run out of memory instead of failing.
     */
    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, Frame.MAX_PAYLOAD + 1})
    void bogusLengthFailsAtOnceOnAnOpenConnection(int length) throws Exception {
        Pipe pipe = openPipe();
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
        Frame.writeHeader(header, FrameType.BODY, 1, length);
        pipe.sink().write(header.flip());
        FrameReader reader = new FrameReader(pipe.source());

        WireException e =
                assertThrows(WireException.class, () -> assertTimeoutPreemptively(TIMEOUT, () -> reader.read()));

        assertEquals(
                "BODY frame length " + Integer.toUnsignedString(length) + " is over the limit of 131072 bytes",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void bogusLengthIsNotAllocated(int length) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
        Frame.writeHeader(header, FrameType.BODY, 1, length);
        header.flip();
        assertThrows(WireException.class, () -> FrameReader.decode(header.duplicate())); // warm up

        long before = threads.getCurrentThreadAllocatedBytes();
        assertThrows(WireException.class, () -> FrameReader.decode(header));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 1024 * 1024, "decoding a bogus header allocated " + allocated + " bytes");
    }

    @Test
    void largestPayloadIsAccepted() throws IOException {
        Frame frame = new Frame(FrameType.HEAD, 1, new byte[Frame.MAX_PAYLOAD]);

        assertSameFrame(frame, new FrameReader(TrickleChannel.allAtOnce(wireBytes(List.of(frame)))).read());
    }

    @Test
    void decodeLeavesAnIncompleteFrameUntouched() throws WireException {
        byte[] wire = wireBytes(List.of(new Frame(FrameType.BODY, 1, new byte[10])));
        ByteBuffer in = ByteBuffer.wrap(wire, 0, wire.length - 1);

        assertNull(FrameReader.decode(in));
        assertEquals(0, in.position());

        in.limit(wire.length);
        assertEquals(10, FrameReader.decode(in).payload().length);
        assertEquals(wire.length, in.position());
    }

    private Pipe openPipe() throws IOException {
        Pipe pipe = Pipe.open();
        toClose.add(pipe.sink());
        toClose.add(pipe.source());
        return pipe;
    }

    private ReadableByteChannel channel(Feed feed, byte[] bytes) throws IOException {
        Random random = new Random(7);
        switch (feed) {
            case ONE_BYTE:
                return new TrickleChannel(bytes, () -> 1);
            case SEVEN_BYTES:
                return new TrickleChannel(bytes, () -> 7);
            case RANDOM_PIECES:
                return new TrickleChannel(bytes, () -> 1 + random.nextInt(20_000));
            case ALL_AT_ONCE:
                return TrickleChannel.allAtOnce(bytes);
            case PIPE:
                return pipeFedBy(bytes);
            default:
                throw new AssertionError(feed);
        }
    }

    /** A pipe whose sink a thread writes the bytes to, in pieces, and then closes. */
    private ReadableByteChannel pipeFedBy(byte[] bytes) throws IOException {
        Pipe pipe = openPipe();
        Thread feeder = new Thread(
                () -> {
                    try (Pipe.SinkChannel sink = pipe.sink()) {
                        ByteBuffer out = ByteBuffer.wrap(bytes);
                        Random random = new Random(11);
                        while (out.hasRemaining()) {
                            ByteBuffer piece = out.duplicate();
                            piece.limit(Math.min(out.limit(), out.position() + 1 + random.nextInt(50_000)));
                            while (piece.hasRemaining()) {
                                sink.write(piece);
                            }
                            out.position(piece.position());
                        }
                    } catch (IOException e) {
                        // the reader gave up; its assertion reports why
                    }
                },
                "pipe-feeder");
        feeder.setDaemon(true);
        feeder.start();
        feeders.add(feeder);
        return pipe.source();
    }

    /**
     * Every type with payloads around the header size and, except when fed one byte per read
     * (where each read compacts the partial frame), up to the largest payload.
     */
    private static List<Frame> everyType(Feed feed) {
        Random random = new Random(42);
        int[] sizes = feed == Feed.ONE_BYTE || feed == Feed.SEVEN_BYTES
                ? new int[] {0, 1, 6, 7, 8, 1000}
                : new int[] {0, 1, 6, 7, 8, 1000, Frame.MAX_CHUNK, Frame.MAX_PAYLOAD - 1, Frame.MAX_PAYLOAD};
        List<Frame> frames = new ArrayList<>();
        for (FrameType type : FrameType.values()) {
            for (int size : sizes) {
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                frames.add(new Frame(type, random.nextInt(Frame.MAX_SLOT + 1), payload));
            }
        }
        frames.add(Frame.of(FrameType.CANCEL, 0));
        frames.add(Frame.of(FrameType.CANCEL, Frame.MAX_SLOT));
        return frames;
    }

    private static List<Frame> smallFrames(int count) {
        FrameType[] types = FrameType.values();
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[i * 3];
            Arrays.fill(payload, (byte) i);
            frames.add(new Frame(types[i % types.length], i, payload));
        }
        return frames;
    }
}
