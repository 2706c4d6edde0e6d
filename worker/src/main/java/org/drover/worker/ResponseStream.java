package org.drover.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.drover.api.Body;
import org.drover.api.Header;
import org.drover.api.StartResponse;
import org.drover.wire.Frame;
import org.drover.wire.FrameType;
import org.drover.wire.FrameWriter;
import org.drover.wire.ResponseHead;

/**
 * Writes one response as frames: HEAD, BODY chunks, END. Frames collect in a batch that goes
 * out in one write, so a small response is one system call; the batch also goes out after each
 * chunk of a body of unknown length, so that it streams, and after each write of a written body
 * (for a {@linkplain Body#buffered buffered} one: at each flush, and when 64 KiB are held).
 */
final class ResponseStream implements StartResponse {

    private static final int BATCH_BYTES = Frame.MAX_CHUNK;
    private static final byte[] ERROR_BODY = "Internal Server Error\n".getBytes(StandardCharsets.US_ASCII);

    private final int slot;
    private final FrameWriter writer;
    private final SlotRequest request;
    private final WriteGuard guard;
    private final boolean headRequest;
    private final List<Frame> batch = new ArrayList<>();
    private int batchBytes;
    private ResponseHead head;
    private boolean headQueued;
    private boolean sent;

    ResponseStream(int slot, FrameWriter writer, SlotRequest request, WriteGuard guard) {
        this.slot = slot;
        this.writer = writer;
        this.request = request;
        this.guard = guard;
        this.headRequest = "HEAD".equals(request.vars().get("REQUEST_METHOD"));
    }

    @Override
    public void start(String status, List<Header> headers) {
        if (headQueued) {
            throw new IllegalStateException("start_response called after the response head was sent");
        }
        int space = status.indexOf(' ');
        String code = space < 0 ? status : status.substring(0, space);
        int value;
        try {
            value = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (code.length() != 3 || value < 100) {
            throw new IllegalArgumentException("status must start with a three-digit code, got '" + status + "'");
        }
        List<String> flat = new ArrayList<>(2 * headers.size() + 2);
        for (Header header : headers) {
            flat.add(header.name());
            flat.add(header.value());
        }
        head = new ResponseHead(value, space < 0 ? "" : status.substring(space + 1), flat);
    }

    /**
     * Sends the body, pulling its chunks or running its writer, closes it (once, whatever
     * happens), and sends the END. Throws what the body or its writer threw; the caller then
     * calls {@link #fail()}.
     */
    void send(Body body) throws Exception {
        try (body) {
            Optional<Body.Writer> writer = body.writer();
            if (writer.isPresent()) {
                runWriter(writer.get(), body.length(), body.buffered());
            } else {
                pull(body);
            }
        }
        end(body.length());
    }

    private void pull(Body body) throws IOException {
        long length = body.length();
        boolean streaming = length < 0;
        for (byte[] chunk = body.next(); chunk != null; chunk = body.next()) {
            if (request.cancelled()) {
                break;
            }
            if (chunk.length == 0) {
                continue;
            }
            queueHead(length);
            if (!headRequest) {
                for (int at = 0; at < chunk.length; at += Frame.MAX_CHUNK) {
                    int n = Math.min(Frame.MAX_CHUNK, chunk.length - at);
                    byte[] part = at == 0 && n == chunk.length ? chunk : Arrays.copyOfRange(chunk, at, at + n);
                    queue(new Frame(FrameType.BODY, slot, part));
                    if (batchBytes >= BATCH_BYTES) {
                        sendBatch();
                    }
                }
            }
            if (streaming) {
                sendBatch();
            }
        }
    }

    /**
     * Runs the writer on this thread, the request thread; each write goes out as it comes, or,
     * buffered, what is held goes into the batch when the writer returns, before the END.
     */
    private void runWriter(Body.Writer writer, long length, boolean buffered) throws Exception {
        Output out = new Output(length, buffered);
        try {
            writer.writeTo(out);
        } finally {
            out.finished = true;
        }
        out.queueHeld(); // what a buffered writer left goes out with the END
    }

    private void end(long length) throws IOException {
        if (request.cancelled()) {
            batch.clear();
            batchBytes = 0;
            queue(new Frame(FrameType.END, slot, new byte[] {FrameType.END_FAILED}));
        } else {
            queueHead(length);
            queue(new Frame(FrameType.END, slot, new byte[] {FrameType.END_COMPLETE}));
        }
        sendBatch();
    }

    /**
     * Ends a response whose app failed: a 500 if nothing has been sent yet, else an END that
     * tells the master to abort the client connection.
     */
    void fail() {
        batch.clear();
        batchBytes = 0;
        try {
            if (!sent) {
                List<String> headers =
                        List.of("Content-Type", "text/plain", "Content-Length", Integer.toString(ERROR_BODY.length));
                queue(new Frame(
                        FrameType.HEAD, slot, new ResponseHead(500, "Internal Server Error", headers).encode()));
                if (!headRequest) {
                    queue(new Frame(FrameType.BODY, slot, ERROR_BODY));
                }
                queue(new Frame(FrameType.END, slot, new byte[] {FrameType.END_COMPLETE}));
            } else {
                queue(new Frame(FrameType.END, slot, new byte[] {FrameType.END_FAILED}));
            }
            sendBatch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void queueHead(long length) {
        if (headQueued) {
            return;
        }
        if (head == null) {
            throw new IllegalStateException("the application did not call start_response before its body");
        }
        ResponseHead withLength = head;
        if (length >= 0 && !hasHeader(head, "content-length")) {
            List<String> headers = new ArrayList<>(head.headers());
            headers.add("Content-Length");
            headers.add(Long.toString(length));
            withLength = new ResponseHead(head.status(), head.reason(), headers);
        }
        queue(new Frame(FrameType.HEAD, slot, withLength.encode()));
        headQueued = true;
    }

    private static boolean hasHeader(ResponseHead head, String lowerName) {
        List<String> headers = head.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).toLowerCase(Locale.ROOT).equals(lowerName)) {
                return true;
            }
        }
        return false;
    }

    private void queue(Frame frame) {
        batch.add(frame);
        batchBytes += frame.size();
    }

    private void sendBatch() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(batchBytes);
        for (Frame frame : batch) {
            frame.writeTo(out);
        }
        batch.clear();
        batchBytes = 0;
        sent = true;
        guard.beginWrite();
        try {
            writer.send(out.flip());
        } finally {
            guard.endWrite();
        }
    }

    /**
     * The stream a written body gets: each write leaves at once as BODY frames of at most 64
     * KiB, so at most one frame's worth is held here; buffered, writes collect in one frame's
     * worth that leaves when it is full or flushed. Only the request thread writes, and only
     * while the writer runs, so its frames cannot reach the slot's next request.
     */
    private final class Output extends OutputStream {

        private final Thread requestThread = Thread.currentThread();
        private final long length;
        private final boolean buffered;
        private byte[] held; // buffered only: what was written and not yet queued
        private int heldBytes;
        private boolean closed;
        private boolean finished;

        Output(long length, boolean buffered) {
            this.length = length;
            this.buffered = buffered;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            Objects.checkFromIndexSize(offset, count, bytes.length);
            checkWritable();
            if (count == 0) {
                return;
            }
            checkClient();
            if (buffered) {
                hold(bytes, offset, count);
                return;
            }
            queueHead(length);
            if (!headRequest) {
                for (int at = 0; at < count; at += Frame.MAX_CHUNK) {
                    checkClient();
                    int n = Math.min(Frame.MAX_CHUNK, count - at);
                    // the batch is copied out before write returns, so the app may reuse its array
                    byte[] part = offset == 0 && n == bytes.length
                            ? bytes
                            : Arrays.copyOfRange(bytes, offset + at, offset + at + n);
                    queue(new Frame(FrameType.BODY, slot, part));
                    if (batchBytes >= BATCH_BYTES) {
                        sendBatch();
                    }
                }
            }
            sendBatch();
        }

        /** Buffered: copies the bytes in, sending a full frame's worth at a time. */
        private void hold(byte[] bytes, int offset, int count) throws IOException {
            if (headRequest) {
                queueHead(length); // a HEAD's body is dropped; its head waits in the batch for the END
                return;
            }
            for (int at = 0; at < count; ) {
                if (heldBytes == Frame.MAX_CHUNK) {
                    queueHeld();
                    sendBatch();
                    checkClient();
                }
                int n = Math.min(Frame.MAX_CHUNK - heldBytes, count - at);
                // Sized to what is held, so that one write (Jetty's one buffer) is one copy, which
                // becomes the frame as it is.
                if (held == null) {
                    held = new byte[n];
                } else if (heldBytes + n > held.length) {
                    held = Arrays.copyOf(held, Math.min(Frame.MAX_CHUNK, Math.max(heldBytes + n, 2 * held.length)));
                }
                System.arraycopy(bytes, offset + at, held, heldBytes, n);
                heldBytes += n;
                at += n;
            }
        }

        /**
         * Queues what is held as one BODY frame, after the head: with a Content-Length of just
         * that when nothing has gone out yet and the writer is done.
         */
        void queueHeld() {
            if (heldBytes == 0) {
                return;
            }
            queueHead(finished && !sent ? heldBytes : length);
            queue(new Frame(FrameType.BODY, slot, heldBytes == held.length ? held : Arrays.copyOf(held, heldBytes)));
            held = null; // the frame has it now
            heldBytes = 0;
        }

        private void checkWritable() throws IOException {
            if (Thread.currentThread() != requestThread) {
                throw new IllegalStateException(
                        "the response body must be written by its request thread " + requestThread.getName()
                                + ", not by " + Thread.currentThread().getName());
            }
            if (finished) {
                throw new IOException("the response body was written after its writer returned");
            }
            if (closed) {
                throw new IOException("the response body was written after its stream was closed");
            }
        }

        private void checkClient() throws IOException {
            if (request.cancelled()) {
                throw new IOException("the client went away");
            }
        }

        /**
         * Sends what is held (buffered); a head not yet sent goes now, with an empty BODY that
         * tells the master to pass it on at once (a server-sent events stream flushes its head
         * before its first event).
         */
        @Override
        public void flush() throws IOException {
            if (head == null || finished || closed || Thread.currentThread() != requestThread) {
                return;
            }
            if (heldBytes > 0) {
                checkClient();
                queueHeld();
                sendBatch();
                return;
            }
            if (headQueued && batch.isEmpty()) {
                return;
            }
            checkClient();
            queueHead(length);
            queue(new Frame(FrameType.BODY, slot, new byte[0]));
            sendBatch();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
