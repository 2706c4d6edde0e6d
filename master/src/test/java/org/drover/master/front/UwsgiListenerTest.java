package org.drover.master.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.drover.master.dispatch.Dispatcher;
import org.drover.master.dispatch.FakeWorker;
import org.drover.master.log.Console;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.ResponseHead;
import org.drover.wire.UwsgiPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The uwsgi listener on a real loopback port, driven by raw sockets, with a fake worker on a
 * real UNIX socket behind the dispatcher: what nginx's {@code uwsgi_pass} does to it, and what
 * slow, stalled and greedy peers do.
 */
class UwsgiListenerTest {

    private static final int POST_BUFFERING = 1024;
    private static final long LIMIT_POST = 1 << 20;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Dispatcher dispatcher = new Dispatcher(4);
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Intake intake;
    private UwsgiListener listener;
    private FakeWorker worker;
    private int port;

    @BeforeEach
    void start() throws Exception {
        intake = new Intake(dispatcher, finished -> {}, executor, 4, POST_BUFFERING, LIMIT_POST);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        listener = new UwsgiListener(
                server, null, intake, new Console(new PrintStream(log, true)), 4096, Duration.ofMillis(300));
        listener.start();
        worker = new FakeWorker(dispatcher, 1);
    }

    @AfterEach
    void stop() throws Exception {
        worker.close();
        listener.close();
        executor.shutdownNow();
    }

    private static byte[] request(String method, String path, byte[] body) throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", method);
        vars.put("REQUEST_URI", path);
        vars.put("PATH_INFO", path);
        vars.put("SERVER_PROTOCOL", "HTTP/1.1");
        vars.put("REMOTE_ADDR", "192.0.2.1");
        vars.put("CONTENT_LENGTH", Integer.toString(body.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(UwsgiPacket.encode(vars));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Everything the listener sends until it closes the connection. */
    private static String readToEnd(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** The worker answers its next request; the future has the body that came with it. */
    private CompletableFuture<byte[]> answerNext(int status, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Frame request = worker.expect(FrameType.REQUEST);
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                for (Frame frame = worker.next(); frame.type() == FrameType.BODY; frame = worker.next()) {
                    received.writeBytes(frame.payload());
                }
                worker.respond(request.slot(), status, body, "Content-Type", "text/plain");
                return received.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aRequestGetsTheWorkersResponseAndTheConnectionEndsIt() throws Exception {
        CompletableFuture<byte[]> body = answerNext(200, "hello\n");
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request("GET", "/", new byte[0]));
            String response = readToEnd(socket);
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            assertTrue(response.endsWith("\r\n\r\nhello\n"), response);
        }
        assertEquals(0, body.get(10, TimeUnit.SECONDS).length);
        waitFor(() -> intake.inFlight() == 0); // counted out as the connection closes
    }

    @Test
    void aRequestSentInPiecesIsReadWhole() throws Exception {
        byte[] payload = "a small body".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<byte[]> body = answerNext(200, "ok");
        byte[] request = request("POST", "/echo", payload);
        try (Socket socket = connect()) {
            for (byte b : request) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
            assertTrue(readToEnd(socket).endsWith("ok"));
        }
        assertEquals("a small body", new String(body.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    @Test
    void aBodyOverPostBufferingIsSpooledAndReachesTheWorkerWhole() throws Exception {
        byte[] payload = new byte[200_000]; // past post-buffering, within the worker's first window
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        CompletableFuture<byte[]> body = answerNext(200, "stored");
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request("POST", "/upload", payload));
            assertTrue(readToEnd(socket).endsWith("stored"));
        }
        assertTrue(Arrays.equals(payload, body.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void aResponseLargerThanTheSocketTakesReachesASlowReaderWhole() throws Exception {
        int size = 8 << 20; // far more than the socket buffers hold: the selector finishes the write
        CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
            try {
                Frame request = worker.expect(FrameType.REQUEST);
                worker.next(); // BODY_END
                worker.send(new Frame(FrameType.HEAD, request.slot(), new ResponseHead(200, "", List.of()).encode()));
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                for (int sent = 0; sent < size; sent += chunk.length) {
                    worker.send(new Frame(FrameType.BODY, request.slot(), chunk));
                }
                worker.end(request.slot(), false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request("GET", "/big", new byte[0]));
            Thread.sleep(200); // the socket fills while nothing reads it
            byte[] bytes = socket.getInputStream().readAllBytes();
            String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            assertEquals(size, bytes.length - (head.indexOf("\r\n\r\n") + 4));
        }
        answered.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPeerThatHalfClosesAfterItsRequestGetsTheResponse() throws Exception {
        answerNext(200, "still here");
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request("GET", "/", new byte[0]));
            socket.shutdownOutput();
            assertTrue(readToEnd(socket).endsWith("still here"));
        }
    }

    @Test
    void aPeerThatStallsBeforeItsRequestIsWholeIsClosedAtTheIdleTimeout() throws Exception {
        byte[] request = request("GET", "/", new byte[0]);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request, 0, 10);
            long started = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read()); // closed, with nothing sent
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis >= 250 && millis < 5000, "closed after " + millis + " ms");
        }
        waitFor(() -> intake.inFlight() == 0);
        assertEquals(null, worker.poll(100)); // nothing reached the worker
    }

    @Test
    void aRequestStillQueuedAtTheIdleTimeoutGets503() throws Exception {
        try (Socket first = connect();
                Socket second = connect()) {
            first.getOutputStream().write(request("GET", "/slow", new byte[0]));
            Frame taken = worker.expect(FrameType.REQUEST); // the only slot is busy from now on
            second.getOutputStream().write(request("GET", "/queued", new byte[0]));
            String response = readToEnd(second);
            assertTrue(response.startsWith("HTTP/1.1 503 "), response);
            assertTrue(response.contains("no worker thread became free"), response);
            worker.next(); // BODY_END
            worker.respond(taken.slot(), 200, "late but fine");
            assertTrue(readToEnd(first).endsWith("late but fine"));
        }
    }

    @Test
    void aBodyOverLimitPostIsReadAndDroppedThenAnswered413() throws Exception {
        byte[] payload = new byte[(int) LIMIT_POST + 1];
        try (Socket socket = connect()) {
            // Sent from another thread: the listener reads the whole body before it answers.
            byte[] request = request("POST", "/upload", payload);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(request);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            String response = readToEnd(socket);
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(response.contains("over limit-post " + LIMIT_POST), response);
            sent.get(10, TimeUnit.SECONDS);
        }
        assertEquals(null, worker.poll(100));
    }

    @Test
    void aBadPacketGets400WithTheReason() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(new byte[] {5, 0, 0, 0});
            String response = readToEnd(socket);
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.contains("modifier1 5"), response);
        }
    }

    @Test
    void aPeerThatLeavesBeforeItsRequestIsWholeIsCountedOut() throws Exception {
        try (Socket socket = connect()) {
            byte[] request = request("POST", "/upload", new byte[100]);
            socket.getOutputStream().write(request, 0, request.length - 50);
            // the vars are in: the request is counted until its peer leaves
            waitFor(() -> intake.inFlight() == 1);
        }
        waitFor(() -> intake.inFlight() == 0);
        assertEquals(null, worker.poll(100));
    }

    @Test
    void afterStopAcceptingNewConnectionsAreRefused() throws Exception {
        listener.stopAccepting();
        waitFor(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return false;
            } catch (IOException refused) {
                return true;
            }
        });
    }

    @Test
    void aUnixSocketListenerServesAndRemovesItsPathWhenItStops() throws Exception {
        Path dir = Files.createTempDirectory("uwsgi-listener");
        Path path = dir.resolve("app.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        UwsgiListener unix =
                new UwsgiListener(server, path, intake, new Console(System.out), 4096, Duration.ofSeconds(5));
        unix.start();
        try {
            answerNext(200, "over unix");
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                channel.write(ByteBuffer.wrap(request("GET", "/", new byte[0])));
                String response =
                        new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(response.endsWith("over unix"), response);
            }
            assertEquals("uwsgi://" + path, unix.describe());
            unix.stopAccepting();
            waitFor(() -> !Files.exists(path));
            assertThrows(IOException.class, () -> SocketChannel.open(UnixDomainSocketAddress.of(path)));
        } finally {
            unix.close();
            Files.deleteIfExists(dir);
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
