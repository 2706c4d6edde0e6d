package org.drover.master.dispatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A request body read in full before dispatch, as uWSGI's post-buffering: in memory up to a
 * limit, past it in a temporary file, so a slow upload holds a master connection and never a
 * worker thread.
 */
public final class RequestBody implements AutoCloseable {

    public static final RequestBody EMPTY = new RequestBody(0);

    private final long memoryLimit;
    private byte[] memory = new byte[0];
    private int memorySize;
    private FileChannel file;
    private Path path;
    private long size;

    public RequestBody(long memoryLimit) {
        this.memoryLimit = memoryLimit;
    }

    public long size() {
        return size;
    }

    /** Whether the whole body is in memory, so reading it never touches a file. */
    public boolean inMemory() {
        return file == null;
    }

    public void append(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        if (file == null && memorySize + (long) n <= memoryLimit) {
            if (memorySize + n > memory.length) {
                memory = java.util.Arrays.copyOf(
                        memory, (int) Math.min(memoryLimit, Math.max(2L * memory.length, memorySize + n)));
            }
            bytes.get(memory, memorySize, n);
            memorySize += n;
        } else {
            if (file == null) {
                path = Files.createTempFile("drover-body-", ".tmp");
                file = FileChannel.open(
                        path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            }
            while (bytes.hasRemaining()) {
                file.write(bytes, size - memorySize + (n - bytes.remaining()));
            }
        }
        size += n;
    }

    /** Copies up to {@code max} bytes from {@code offset} into a new array. */
    byte[] read(long offset, int max) throws IOException {
        int n = (int) Math.min(max, size - offset);
        byte[] out = new byte[n];
        int done = 0;
        if (offset < memorySize) {
            int fromMemory = (int) Math.min(n, memorySize - offset);
            System.arraycopy(memory, (int) offset, out, 0, fromMemory);
            done = fromMemory;
        }
        if (done < n) {
            ByteBuffer target = ByteBuffer.wrap(out, done, n - done);
            long position = offset + done - memorySize;
            while (target.hasRemaining()) {
                int read = file.read(target, position);
                if (read < 0) {
                    throw new IOException("request body spool file ended early at " + position);
                }
                position += read;
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // deleted on close anyway
            }
        }
    }
}
