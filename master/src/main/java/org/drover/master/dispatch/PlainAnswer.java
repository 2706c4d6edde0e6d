package org.drover.master.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.drover.wire.ResponseHead;
import org.eclipse.jetty.http.HttpStatus;

/**
 * An answer of the master's own, with no worker behind it: {@code 502} when a worker failed,
 * {@code 503} when none was free, {@code 504} at harakiri, the uwsgi listener's {@code 400},
 * {@code 413} and {@code 431}. A short plain-text body that names the status and the reason.
 */
public record PlainAnswer(ResponseHead head, byte[] body) {

    /**
     * The answer for this status, its body {@code "503 Service Unavailable: <text>"}.
     *
     * @param headers more headers, as name-value pairs, such as {@code "Retry-After", "1"}
     */
    public static PlainAnswer of(int status, String text, String... headers) {
        String reason = HttpStatus.getMessage(status);
        byte[] body = (status + " " + reason + ": " + text + "\n").getBytes(StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>(
                List.of("Content-Type", "text/plain; charset=utf-8", "Content-Length", Integer.toString(body.length)));
        fields.addAll(List.of(headers));
        return new PlainAnswer(new ResponseHead(status, reason, fields), body);
    }
}
