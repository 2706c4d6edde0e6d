package org.drover.master.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The {@code logto} file, which can be reopened after a log rotation moved it away (the master
 * FIFO's {@code l}): new lines go to a new file of the same name. Workers spawned afterwards
 * write there too; running ones keep the file they were given.
 */
public final class ReopenableLog extends OutputStream {

    private final Path path;
    private FileOutputStream file;

    public ReopenableLog(Path path) throws IOException {
        this.path = path;
        this.file = new FileOutputStream(path.toFile(), true);
    }

    public synchronized void reopen() throws IOException {
        FileOutputStream fresh = new FileOutputStream(path.toFile(), true);
        file.close();
        file = fresh;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        file.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        file.write(bytes, offset, length);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
