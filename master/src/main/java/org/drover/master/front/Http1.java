package org.drover.master.front;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.drover.master.dispatch.PlainAnswer;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Responses as HTTP/1.1 bytes, for the uwsgi socket, whose peer (nginx) reads a plain HTTP
 * response back: written by the master itself, not by a Jetty HTTP connection.
 */
final class Http1 {

    private Http1() {}

    /** The status line and headers; {@code Transfer-Encoding} is dropped, since the close ends the body. */
    static ByteBuffer head(ResponseHead head) {
        StringBuilder text = new StringBuilder(128)
                .append("HTTP/1.1 ")
                .append(head.status())
                .append(' ')
                .append(
                        head.reason().isEmpty() || head.reason().chars().anyMatch(c -> c < 0x20)
                                ? HttpStatus.getMessage(head.status())
                                : head.reason())
                .append("\r\n");
        List<String> headers = head.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            if (!headers.get(i).equalsIgnoreCase("Transfer-Encoding")) {
                text.append(headers.get(i))
                        .append(": ")
                        .append(headers.get(i + 1))
                        .append("\r\n");
            }
        }
        return ByteBuffer.wrap(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A whole answer of the master's: head and body. */
    static ByteBuffer answer(PlainAnswer answer) {
        ByteBuffer head = head(answer.head());
        return ByteBuffer.allocate(head.remaining() + answer.body().length)
                .put(head)
                .put(answer.body())
                .flip();
    }
}
