package org.drover.master.statics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;
import org.drover.master.dispatch.Client;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a file's answer to its client, 64 KiB at a time, each part once the last one is
 * written; reports the bytes sent (or -1 if the write failed) when it is done.
 */
final class FileSender extends IteratingCallback {

    static final int CHUNK = 64 * 1024;

    private final Client client;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final LongConsumer done;
    private long position;
    private long remaining;
    private long sent;
    private boolean last;
    /** The head, given to the client in the first {@link #process()}, so that a failure there closes the file. */
    private ResponseHead head;

    FileSender(Client client, FileChannel channel, FileAnswer answer, LongConsumer done) {
        this.client = client;
        this.channel = channel;
        this.position = answer.offset();
        this.remaining = answer.length();
        this.buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, answer.length())));
        this.done = done;
        this.head = answer.head();
    }

    @Override
    protected Action process() throws IOException {
        if (last) {
            return Action.SUCCEEDED;
        }
        if (head != null) {
            client.head(head);
            head = null;
        }
        if (remaining == 0) {
            last = true;
            client.write(true, BufferUtil.EMPTY_BUFFER, this);
            return Action.SCHEDULED;
        }
        buffer.clear();
        if (remaining < buffer.capacity()) {
            buffer.limit((int) remaining);
        }
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("the file became shorter while it was sent");
            }
        }
        buffer.flip();
        position += buffer.remaining();
        remaining -= buffer.remaining();
        sent += buffer.remaining();
        last = remaining == 0;
        client.write(last, buffer, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        closeFile();
        client.succeeded();
        done.accept(sent);
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        closeFile();
        client.failed(cause);
        done.accept(-1);
    }

    private void closeFile() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
    }
}
