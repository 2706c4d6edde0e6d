package org.drover.api;

import java.util.List;

/** Takes the status line and the headers of a response: WSGI's {@code start_response}. */
@FunctionalInterface
public interface StartResponse {

    /**
     * Starts the response.
     *
     * @param status the status line without the protocol, such as {@code "200 OK"} or {@code "404 Not Found"}
     * @param headers the response headers, in order; a name may repeat
     * @throws IllegalArgumentException if the status does not start with a three-digit code
     * @throws IllegalStateException if the response was started already
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
