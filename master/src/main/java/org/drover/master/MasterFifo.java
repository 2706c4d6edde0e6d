package org.drover.master;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * uWSGI's master FIFO: a named pipe the master reads single-letter commands from, for scripts
 * ({@code echo r > /run/drover.fifo}). Each letter becomes the supervisor event its signal would;
 * an unknown letter is logged and ignored. The FIFO gives no answer back.
 */
final class MasterFifo implements AutoCloseable {

    /** The letters and the supervisor signals they stand for. */
    static final Map<Character, String> COMMANDS = Map.of(
            'r', "HUP", 'w', "HUP", 'c', "HUP",
            'q', "TERM", 'Q', "STOP-NOW",
            '+', "TTIN", '-', "TTOU",
            's', "STATS", 'l', "REOPEN");

    private final Path path;
    private final Consumer<SupervisorEvent> supervisor;
    private final Console console;
    private volatile boolean open = true;

    MasterFifo(Path path, Consumer<SupervisorEvent> supervisor, Console console) {
        this.path = path;
        this.supervisor = supervisor;
        this.console = console;
    }

    /** Creates the FIFO if needed and starts reading it. */
    void start() throws IOException {
        if (!Files.exists(path)) {
            try {
                Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).inheritIO().start();
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

    private void command(char letter) {
        if (Character.isWhitespace(letter)) {
            return;
        }
        String signal = COMMANDS.get(letter);
        if (signal == null) {
            console.log("drover: master-fifo: unknown command '" + letter + "', ignored (known: r w c q Q + - s l)");
            return;
        }
        supervisor.accept(new SupervisorEvent.Signal(signal));
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
