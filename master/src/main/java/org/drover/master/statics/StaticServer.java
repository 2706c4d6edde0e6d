package org.drover.master.statics;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.drover.master.config.StaticFiles;
import org.drover.master.dispatch.Client;
import org.drover.master.log.Console;

/**
 * The master's static files ({@code static-map}), on every listener: a request for a file under
 * a map is answered here, and no worker sees it; any other falls through to the apps. The file is
 * looked up on the listener's thread (a {@code stat}, its resolution cached for a second); a file
 * of one write (64 KiB or less) is read and written there too, a larger one on the executor, as
 * reading it may wait on the disk.
 */
public final class StaticServer {

    /** Where a static request's end is reported: its status and the bytes of its body sent, or -1. */
    public interface Listener {
        void served(Client client, int status, long bytes, long startedNanos);
    }

    private final Lookup lookup;
    private final Executor executor;
    private final Console console;
    private final Listener listener;

    public StaticServer(StaticFiles config, Executor executor, Console console, Listener listener) {
        this.lookup = new Lookup(config);
        this.executor = executor;
        this.console = console;
        this.listener = listener;
    }

    /** Answers the request if it names a static file; returns false when it is for the apps. */
    public boolean serve(Client client, long startedNanos) {
        Lookup.Result result = lookup.find(client.method(), client.uri(), client.header("Accept-Encoding"));
        if (!(result instanceof Lookup.Found found)) {
            String warning = ((Lookup.Pass) result).warning();
            if (warning != null) {
                console.log("drover: static-map security warning: " + client.method() + " " + client.uri() + " from "
                        + client.remoteAddr() + " not served: " + warning + "; passed to the apps");
            }
            return false;
        }
        FileChannel channel;
        BasicFileAttributes attributes;
        try {
            // Opened first, then described: a file replaced in between (a deploy's mv) would
            // otherwise get the old one's length and ETag on the new one's bytes.
            channel = FileChannel.open(found.served());
            attributes = Files.readAttributes(found.served(), BasicFileAttributes.class);
            if (attributes.size() != channel.size()) {
                channel.close();
                return false; // replaced as it was opened: the apps answer (a new request sees the new file)
            }
        } catch (IOException e) {
            return false; // gone since it was found: the apps answer
        }
        FileAnswer answer = FileAnswer.of(found, attributes, client.method(), client::header, Instant.now());
        int status = answer.head().status();
        FileSender sender =
                new FileSender(client, channel, answer, bytes -> listener.served(client, status, bytes, startedNanos));
        if (answer.length() <= FileSender.CHUNK) {
            sender.iterate();
        } else {
            try {
                executor.execute(sender::iterate);
            } catch (RejectedExecutionException e) {
                sender.abort(e); // the pool is stopping: the file is closed, the client's connection too
            }
        }
        return true;
    }
}
