package org.drover.master.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.drover.master.log.Console;
import org.drover.master.supervise.Operation;
import org.drover.master.supervise.Reply;

/**
 * uWSGI's master FIFO: a named pipe the master reads single-letter commands from, for scripts
 * ({@code echo r > /run/drover.fifo}). Each letter is the command {@code drover ctl} has for it;
 * an unknown letter is logged and ignored. The FIFO gives no answer back.
 */
public final class MasterFifo implements AutoCloseable {

    private final Path path;
    private final Operator commands;
    private final Console console;
    private volatile boolean open = true;

    public MasterFifo(Path path, Operator commands, Console console) {
        this.path = path;
        this.commands = commands;
        this.console = console;
    }

    /** Creates the FIFO if needed and starts reading it. */
    public void start() throws IOException {
        if (!Files.exists(path)) {
            try {
                Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", path.toString())
                        .inheritIO()
                        .start();
                if (mkfifo.waitFor() != 0) {
                    throw new IOException("mkfifo " + path + " failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while creating " + path);
            }
        } else if (Files.isRegularFile(path) || Files.isDirectory(path)) {
            throw new IOException(path + " exists and is not a FIFO");
        }
        Thread reader = new Thread(this::read, "drover-master-fifo");
        reader.setDaemon(true);
        reader.start();
        console.log("drover master-fifo on " + path);
    }

    private void read() {
        while (open) {
            // Opening blocks until a writer comes; end of stream is that writer closing.
            try (InputStream in = Files.newInputStream(path)) {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    command((char) b);
                }
            } catch (IOException e) {
                if (open) {
                    console.log("drover: master-fifo " + path + ": " + e.getMessage());
                    return;
                }
            }
        }
    }

    /**
     * Runs the letter as the command {@code drover ctl} has for it ({@link Operation} knows the
     * letters). The FIFO answers no one, so a failure is logged, and {@code s} logs the stats, as
     * uWSGI's does.
     */
    private void command(char letter) {
        if (Character.isWhitespace(letter)) {
            return;
        }
        CompletableFuture<Reply> reply = commands.run("master-fifo", String.valueOf(letter));
        reply.thenAccept(done -> {
            if (!done.ok()) {
                console.log("drover: master-fifo " + letter + ": " + done.text());
            } else if (letter == 's') {
                console.log("drover: stats " + done.text().strip());
            }
        });
    }

    @Override
    public void close() {
        open = false;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // gone anyway
        }
    }
}
