package org.drover.master.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.drover.master.config.ServiceAddress;
import org.drover.master.log.Console;
import org.drover.master.supervise.Reply;

/**
 * The control socket ({@code ctl-socket ADDR}) that {@code drover ctl} talks to: one command line
 * per connection, answered with {@code ok} or {@code error} on the first line and the text after
 * it, then closed. Unlike the master FIFO, the operator learns whether the command worked; a
 * reload is answered once it has finished or been aborted. A UNIX path is made {@code 0600}, so
 * only the master's user may send commands.
 */
public final class ControlServer implements AutoCloseable {

    private static final int MAX_LINE = 256;
    /** How long a client may take to send its command line. */
    private static final long COMMAND_SECONDS = 10;

    private final ServiceAddress address;
    private final Operator commands;
    private final Console console;
    private ServerSocketChannel socket;
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(run -> {
                Thread thread = new Thread(run, "drover-ctl-timer");
                thread.setDaemon(true);
                return thread;
            });

    public ControlServer(ServiceAddress address, Operator commands, Console console) {
        this.address = address;
        this.commands = commands;
        this.console = console;
    }

    public void start() throws IOException {
        socket = address.bind("rw-------");
        Thread thread = new Thread(this::accept, "drover-ctl");
        thread.setDaemon(true);
        thread.start();
        console.log("drover ctl-socket on " + address.describe(socket));
    }

    private void accept() {
        while (socket.isOpen()) {
            try {
                SocketChannel client = socket.accept();
                Thread thread = new Thread(() -> serve(client), "drover-ctl-command");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!socket.isOpen()) {
                    return;
                }
            }
        }
    }

    /** One connection: a command, then its reply, which may take as long as a reload. */
    private void serve(SocketChannel client) {
        try (client) {
            var deadline = timer.schedule(
                    () -> closeQuietly(client),
                    COMMAND_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS); // a client that sends nothing holds no thread
            String command = readLine(Channels.newInputStream(client));
            if (!deadline.cancel(false)) {
                return;
            }
            Reply reply;
            if (command == null) {
                reply = Reply.error("no command (at most " + MAX_LINE + " bytes and a newline)");
            } else {
                try {
                    reply = commands.run("ctl", command.strip()).get();
                } catch (InterruptedException | ExecutionException e) {
                    reply = Reply.error("the master stopped before answering");
                }
            }
            String text = (reply.ok() ? "ok\n" : "error\n") + reply.text().stripTrailing() + "\n";
            Channels.newOutputStream(client).write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client went away; the command, if it was read, still runs
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    /** The first line, or null if there is none within the size limit. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                return line.toString();
            }
            if (line.length() == MAX_LINE) {
                return null;
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            address.remove();
        }
    }
}
