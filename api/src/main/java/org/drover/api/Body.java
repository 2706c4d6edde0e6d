package org.drover.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A response body: a sequence of byte chunks, as the iterable a WSGI application returns, or
 * bytes the application writes to a stream ({@link #writing}).
 *
 * <p>The worker sends each chunk as it comes, so a body that produces chunks slowly is
 * streamed (chunked, unless the application set {@code Content-Length}). The worker closes the
 * body after the last chunk, and also when the client has gone away or the request failed.
 *
 * <p>A body is either <em>pulled</em>, the worker calling {@link #next()} until it returns
 * {@code null}, or <em>written</em>: its {@link #writer()} is present, and the worker calls that
 * writer once, on the request thread, instead of {@code next()}. A body that wraps another must
 * pass {@code writer()} on.
 */
public interface Body extends AutoCloseable {

    /**
     * Writes a response body to a stream that the worker hands it, on the request thread;
     * see {@link Body#writing}.
     */
    @FunctionalInterface
    interface Writer {

        /**
         * Writes the body. An exception ends the response: with a {@code 500} if nothing was
         * written yet, else by aborting the client's connection.
         *
         * @param out sends each write as it comes; see {@link Body#writing}
         */
        void writeTo(OutputStream out) throws Exception;
    }

    /**
     * Returns the next chunk, or {@code null} at the end. Empty chunks are skipped.
     *
     * @throws IOException if the chunk cannot be produced; the response is then aborted
     */
    byte[] next() throws IOException;

    /**
     * The body's total length in bytes if it is known before it is sent, else -1. A body of
     * known length is sent with a {@code Content-Length} (unless the application set one) and
     * its chunks are batched; a body of unknown length is streamed chunk by chunk.
     */
    default long length() {
        return -1;
    }

    /** Releases what the body holds; called once, after the last chunk or on failure. */
    @Override
    default void close() throws IOException {}

    /**
     * Whether the stream of a written body holds the writes until it is flushed, as a servlet's
     * response buffer does ({@link #buffered}), rather than sending each write as it comes
     * ({@link #writing}). False by default; a body that wraps another must pass it on.
     */
    default boolean buffered() {
        return false;
    }

    /**
     * The writer of a written body, which the worker calls instead of pulling chunks with
     * {@link #next()}; empty (the default) for a pulled body.
     */
    default Optional<Writer> writer() {
        return Optional.empty();
    }

    /**
     * A body the application writes, as a servlet writes its output stream:
     * {@code return Body.writing(out -> out.write(bytes));}.
     *
     * <p>The worker calls the writer once, on the request thread, after {@code call} has
     * returned; {@link StartResponse#start} must have been called by then, or be called by the
     * writer before its first write. The stream it gets:
     * <ul>
     *   <li>sends <b>each write as it comes</b>, as a streamed body (chunked, unless the
     *       application set {@code Content-Length}), in frames of at most 64 KiB; it holds
     *       nothing back, so memory stays bounded whatever the body's size, and a write waits
     *       while the master's connection is full. Wrap it in a
     *       {@link java.io.BufferedOutputStream} for many small writes;</li>
     *   <li>{@code flush()} does nothing, as nothing waits to be sent; {@code close()} is
     *       allowed (a wrapping {@code GZIPOutputStream} must close to write its trailer) and
     *       makes later writes fail; the response ends when the writer returns, closed or
     *       not;</li>
     *   <li>a write <b>after the client went away</b> throws {@link IOException}: stop
     *       writing and return;</li>
     *   <li>must be written by the request thread only, while the writer runs: a write from
     *       another thread throws {@link IllegalStateException}, and one after the writer has
     *       returned throws {@link IOException}.</li>
     * </ul>
     *
     * <p>For a {@code HEAD} request the writer runs as for {@code GET}, and what it writes is
     * dropped. A writing body has no chunks to pull: {@link #next()} throws
     * {@link IllegalStateException}.
     */
    static Body writing(Writer writer) {
        return written(writer, false);
    }

    /**
     * A written body, as {@link #writing}, whose stream <b>holds what is written</b> until it is
     * flushed, as a servlet's response buffer does: the writes go out when 64 KiB have
     * collected, when the writer calls {@code flush()}, and when the writer returns, then with
     * the end of the response, so that a small body and its end leave in one system call. A
     * body that is all held when the writer returns gets a {@code Content-Length} (unless the
     * application set one, and except for {@code HEAD}); a longer one is streamed. A stream of
     * events ({@code text/event-stream}) flushes after each event. Otherwise as {@link
     * #writing}: the request thread only, {@code close()} allowed, an {@link IOException} once
     * the client has gone; what is still held when the writer throws is dropped.
     */
    static Body buffered(Writer writer) {
        return written(writer, true);
    }

    private static Body written(Writer writer, boolean buffered) {
        Objects.requireNonNull(writer, "writer");
        Optional<Writer> present = Optional.of(writer);
        return new Body() {
            @Override
            public boolean buffered() {
                return buffered;
            }

            @Override
            public byte[] next() {
                throw new IllegalStateException("a writing body is not pulled: the server calls its writer()");
            }

            @Override
            public Optional<Writer> writer() {
                return present;
            }
        };
    }

    /**
     * A body of a file's bytes, of known length (so it gets a {@code Content-Length}), read in
     * chunks of up to 64 KiB as it is sent; the file is closed with the body. The length is
     * the file's size when it is opened; a file that ends sooner while it is sent fails the
     * response (the client's connection is aborted), a file that grows is cut at that length.
     *
     * @throws NoSuchFileException if there is no such file; its message has the path
     * @throws IOException if the path is a directory, or the file cannot be read
     */
    static Body of(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("cannot send a directory as a response body: " + file);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file to send as a response body");
        }
        long length;
        try {
            length = channel.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Body() {
            private long sent;

            @Override
            public byte[] next() throws IOException {
                if (sent == length) {
                    return null;
                }
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(65536, length - sent));
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk) < 0) {
                        throw new IOException("file " + file + " ended after " + (sent + chunk.position()) + " of its "
                                + length + " bytes while it was sent");
                    }
                }
                sent += chunk.capacity();
                return chunk.array();
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** A body with no bytes. */
    static Body empty() {
        return of(new byte[0][]);
    }

    /** A body of the given chunks, held in memory and sent in order. */
    static Body of(byte[]... chunks) {
        List<byte[]> list = List.of(chunks);
        long length = 0;
        for (byte[] chunk : list) {
            length += chunk.length;
        }
        long total = length;
        Iterator<byte[]> it = list.iterator();
        return new Body() {
            @Override
            public byte[] next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public long length() {
                return total;
            }
        };
    }

    /** A body of one string, encoded as UTF-8. */
    static Body of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A body of the chunks that the iterable yields, pulled one at a time and streamed; it is
     * closed with the body if it is {@link AutoCloseable}.
     */
    static Body of(Iterable<byte[]> chunks) {
        Iterator<byte[]> it = chunks.iterator();
        return new Body() {
            @Override
            public byte[] next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() throws IOException {
                if (chunks instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (IOException | RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                }
            }
        };
    }

    /**
     * A body streamed from an input stream, each chunk what one read returns (up to 64 KiB);
     * the stream is closed with the body.
     */
    static Body of(InputStream in) {
        return new Body() {
            private final byte[] buffer = new byte[65536];

            @Override
            public byte[] next() throws IOException {
                int n = in.read(buffer);
                return n < 0 ? null : java.util.Arrays.copyOf(buffer, n);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
