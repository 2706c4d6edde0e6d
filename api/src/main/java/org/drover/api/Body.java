package org.drover.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * A response body: a sequence of byte chunks, as the iterable a WSGI application returns.
 *
 * <p>The worker sends each chunk as it comes, so a body that produces chunks slowly is
 * streamed (chunked, unless the application set {@code Content-Length}). The worker closes the
 * body after the last chunk, and also when the client has gone away or the request failed.
 */
public interface Body extends AutoCloseable {

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
