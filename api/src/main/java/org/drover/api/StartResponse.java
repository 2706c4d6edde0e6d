package org.drover.api;

import java.util.List;

/**
 * Takes the status line and the headers of a response: WSGI's {@code start_response}.
 *
 * <p>The worker holds the status and headers until the response's head is sent, which is when
 * the body yields its first non-empty chunk (a written body: its first write of at least one
 * byte), or when an empty body ends. Until then {@code start} may be called again, and the
 * later call replaces the earlier one's status and headers entirely (WSGI asks for
 * {@code exc_info} on a second call; here none is needed). Once the head has been sent,
 * {@code start} throws {@link IllegalStateException}.
 */
@FunctionalInterface
public interface StartResponse {

    /**
     * Starts the response, or replaces the status and headers of an earlier call whose head
     * has not been sent yet.
     *
     * @param status the status line without the protocol, such as {@code "200 OK"} or {@code "404 Not Found"}
     * @param headers the response headers, in order; a name may repeat
     * @throws IllegalArgumentException if the status does not start with a three-digit code
     *     (100-999); an earlier call's status and headers then stay
     * @throws IllegalStateException if the response's head has been sent already
     */
    void start(String status, List<Header> headers);

    /**
     * Starts the response with a status code and name-value pairs,
     * for example {@code start(200, "Content-Type", "text/plain")}.
     *
     * @throws IllegalArgumentException if the pairs are not complete or the code is not 100-999
     */
    default void start(int code, String... namesAndValues) {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status code must be 100-999, got " + code);
        }
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "headers come as name-value pairs, got " + namesAndValues.length + " strings");
        }
        Header[] headers = new Header[namesAndValues.length / 2];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = new Header(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
        }
        start(code + " " + Status.reason(code), List.of(headers));
    }
}
