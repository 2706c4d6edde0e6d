package org.drover.master.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * The response bytes a worker has sent and the client has not taken yet: in memory up to a
 * limit, then in a temporary file, so that the worker's slot is freed at the worker's pace,
 * not the client's. Callers synchronize.
 */
final class ResponseBuffer {

    static final int MEMORY_LIMIT = 1024 * 1024;
    private static final int FILE_CHUNK = 64 * 1024;

    private final ArrayDeque<byte[]> memory = new ArrayDeque<>();
    private long memoryBytes;
    private FileChannel file;
    private long written;
    private long read;

    void add(byte[] chunk) {
        if (file == null && memoryBytes + chunk.length <= MEMORY_LIMIT) {
            memory.add(chunk);
            memoryBytes += chunk.length;
            return;
        }
        try {
            if (file == null) {
                Path path = Files.createTempFile("drover-response-", ".tmp");
                file = FileChannel.open(
                        path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
                Files.deleteIfExists(path);
            }
            ByteBuffer bytes = ByteBuffer.wrap(chunk);
            while (bytes.hasRemaining()) {
                written += file.write(bytes, written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a response to a temporary file", e);
        }
    }

    /** The next bytes to send, or {@code null} if none are waiting. */
    ByteBuffer poll() {
        byte[] chunk = memory.poll();
        if (chunk != null) {
            memoryBytes -= chunk.length;
            return ByteBuffer.wrap(chunk);
        }
        if (file == null || read == written) {
            return null;
        }
        try {
            ByteBuffer out = ByteBuffer.allocate((int) Math.min(FILE_CHUNK, written - read));
            while (out.hasRemaining()) {
                int n = file.read(out, read);
                if (n < 0) {
                    throw new IOException("spooled response ended early at byte " + read);
                }
                read += n;
            }
            return out.flip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a spooled response back", e);
        }
    }

    boolean isEmpty() {
        return memory.isEmpty() && (file == null || read == written);
    }

    void clear() {
        memory.clear();
        memoryBytes = 0;
        close();
    }

    void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing left to lose
            }
            file = null;
            read = written = 0;
        }
    }
}
