package org.drover.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyTest {

    @TempDir
    Path dir;

    /** Every chunk's length, in order, pulled until the end. */
    private static List<Integer> chunkSizes(Body body) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        for (byte[] chunk = body.next(); chunk != null; chunk = body.next()) {
            sizes.add(chunk.length);
        }
        return sizes;
    }

    private static byte[] all(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk = body.next(); chunk != null; chunk = body.next()) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    private static byte[] pattern(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    @Test
    void emptyHasNoBytesAndALengthOfZero() throws IOException {
        Body body = Body.empty();

        assertEquals(0, body.length());
        assertNull(body.next());
        assertEquals(Optional.empty(), body.writer());
    }

    @Test
    void ofChunksYieldsThemInOrderWithTheirTotalLength() throws IOException {
        byte[] a = {1, 2};
        byte[] b = {3};
        Body body = Body.of(a, new byte[0], b);

        assertEquals(3, body.length());
        assertSame(a, body.next());
        assertEquals(0, body.next().length);
        assertSame(b, body.next());
        assertNull(body.next());
    }

    @Test
    void ofStringIsUtf8AndItsLengthCountsBytes() throws IOException {
        Body body = Body.of("caf\u00e9");

        assertEquals(5, body.length());
        assertArrayEquals("caf\u00e9".getBytes(StandardCharsets.UTF_8), all(body));
    }

    @Test
    void ofIterablePullsOneChunkAtATimeWithNoLength() throws IOException {
        AtomicInteger made = new AtomicInteger();
        Iterable<byte[]> chunks = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return made.get() < 3;
            }

            @Override
            public byte[] next() {
                return new byte[] {(byte) made.incrementAndGet()};
            }
        };
        Body body = Body.of(chunks);

        assertEquals(-1, body.length());
        assertEquals(0, made.get(), "nothing is pulled before the worker asks");
        assertArrayEquals(new byte[] {1}, body.next());
        assertEquals(1, made.get());
        assertEquals(List.of(1, 1), chunkSizes(body));
    }

    /** A closeable iterable, as a database cursor would be. */
    private static final class Cursor implements Iterable<byte[]>, AutoCloseable {
        private final Exception failure;
        int closed;

        Cursor(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return List.<byte[]>of().iterator();
        }

        @Override
        public void close() throws Exception {
            closed++;
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Test
    void ofIterableClosesACloseableIterableWithTheBody() throws IOException {
        Cursor cursor = new Cursor(null);

        Body.of(cursor).close();

        assertEquals(1, cursor.closed);
    }

    @Test
    void ofIterableReportsTheIterablesCloseFailureAsAnIOException() {
        IOException io = new IOException("io");
        Exception checked = new Exception("checked");
        RuntimeException unchecked = new IllegalStateException("unchecked");

        assertSame(
                io,
                assertThrows(IOException.class, () -> Body.of(new Cursor(io)).close()));
        assertSame(
                checked,
                assertThrows(
                                IOException.class,
                                () -> Body.of(new Cursor(checked)).close())
                        .getCause());
        assertSame(
                unchecked,
                assertThrows(
                        IllegalStateException.class,
                        () -> Body.of(new Cursor(unchecked)).close()));
    }

    @Test
    void ofInputStreamReadsChunksOfAtMost64KiBAndClosesTheStream() throws IOException {
        byte[] bytes = pattern(100_000);
        AtomicInteger closed = new AtomicInteger();
        ByteArrayInputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        Body body = Body.of(in);

        assertEquals(-1, body.length());
        assertEquals(List.of(65536, 34464), chunkSizes(body));
        body.close();
        assertEquals(1, closed.get());
    }

    @Test
    void ofPathHasTheFilesLengthAndReadsItInChunks() throws IOException {
        byte[] bytes = pattern(150_000);
        Path file = Files.write(dir.resolve("f.bin"), bytes);

        try (Body body = Body.of(file)) {
            assertEquals(150_000, body.length());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Integer> sizes = new ArrayList<>();
            for (byte[] chunk = body.next(); chunk != null; chunk = body.next()) {
                sizes.add(chunk.length);
                out.writeBytes(chunk);
            }
            assertEquals(List.of(65536, 65536, 18928), sizes);
            assertArrayEquals(bytes, out.toByteArray());
        }
    }

    @Test
    void ofPathOfAnEmptyFileIsEmpty() throws IOException {
        try (Body body = Body.of(Files.createFile(dir.resolve("empty")))) {
            assertEquals(0, body.length());
            assertNull(body.next());
        }
    }

    @Test
    void ofPathClosesTheFileWithTheBody() throws IOException {
        Body body = Body.of(Files.write(dir.resolve("f"), pattern(10)));

        body.close();

        assertThrows(ClosedChannelException.class, body::next);
    }

    @Test
    void ofPathOfAMissingFileFailsAtOnceNamingThePath() {
        Path missing = dir.resolve("missing.html");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Body.of(missing));

        assertEquals(missing + ": no such file to send as a response body", e.getMessage());
    }

    @Test
    void ofPathOfADirectoryFailsNamingIt() {
        IOException e = assertThrows(IOException.class, () -> Body.of(dir));

        assertEquals("cannot send a directory as a response body: " + dir, e.getMessage());
    }

    @Test
    void ofPathFailsWhenTheFileShrinksWhileItIsSent() throws IOException {
        Path file = Files.write(dir.resolve("f"), pattern(100_000));
        try (Body body = Body.of(file)) {
            assertEquals(65536, body.next().length);
            Files.write(file, new byte[70_000], StandardOpenOption.TRUNCATE_EXISTING);

            IOException e = assertThrows(IOException.class, body::next);

            assertEquals("file " + file + " ended after 70000 of its 100000 bytes while it was sent", e.getMessage());
        }
    }

    @Test
    void ofPathSendsTheLengthItHadWhenTheFileGrows() throws IOException {
        Path file = Files.write(dir.resolve("f"), pattern(1000));
        try (Body body = Body.of(file)) {
            Files.write(file, new byte[5000], StandardOpenOption.APPEND);

            assertEquals(List.of(1000), chunkSizes(body));
        }
    }

    @Test
    void writingHandsItsWriterToTheServerAndHasNoChunks() throws Exception {
        Body.Writer writer = out -> out.write("hi".getBytes(StandardCharsets.US_ASCII));
        Body body = Body.writing(writer);

        assertSame(writer, body.writer().orElseThrow());
        assertEquals(-1, body.length());
        IllegalStateException e = assertThrows(IllegalStateException.class, body::next);
        assertEquals("a writing body is not pulled: the server calls its writer()", e.getMessage());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writer().orElseThrow().writeTo(out);
        assertEquals("hi", out.toString(StandardCharsets.US_ASCII));
        body.close();
    }

    @Test
    void writingNeedsAWriter() {
        assertThrows(NullPointerException.class, () -> Body.writing(null));
    }

    @Test
    void aPulledBodyHasNoWriter() throws IOException {
        assertEquals(Optional.empty(), Body.of("x").writer());
        assertEquals(
                Optional.empty(), Body.of(new ByteArrayInputStream(new byte[0])).writer());
        Body own = () -> null;
        assertEquals(Optional.empty(), own.writer());
        assertInstanceOf(AutoCloseable.class, own);
        assertTrue(own.length() < 0);
    }
}
