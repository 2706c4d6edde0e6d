/**
 * The application SPI of Drover: a small WSGI-like callable that worker JVMs serve.
 *
 * <p>An application implements {@link org.drover.api.Application} and is listed, one class per
 * line, in {@code META-INF/services/org.drover.api.Application} inside its jar. A complete app:
 *
 * <pre>{@code
 * package com.example;
 *
 * import jakarta.inject.Inject;
 * import org.drover.api.Application;
 * import org.drover.api.Body;
 * import org.drover.api.Config;
 * import org.drover.api.Environ;
 * import org.drover.api.StartResponse;
 *
 * public final class HelloApp implements Application {
 *
 *     private final String greeting;
 *
 *     @Inject
 *     public HelloApp(Config config) {                 // --set hello.greeting=Hi
 *         this.greeting = config.get("hello.greeting", "Hello");
 *     }
 *
 *     @Override
 *     public Body call(Environ environ, StartResponse startResponse) {
 *         startResponse.start(200, "Content-Type", "text/plain");
 *         return Body.of(greeting + " from " + environ.requestUri() + "\n");
 *     }
 * }
 * }</pre>
 *
 * <p>with {@code com.example.HelloApp} in {@code META-INF/services/org.drover.api.Application};
 * build the jar against {@code drover-api} as a {@code provided} dependency and serve it with
 * {@code drover --http :8000 --app hello.jar --processes 2 --threads 8}.
 *
 * <p>The contract:
 * <ul>
 *   <li><b>One instance per worker</b>, built by Guice through its {@code @Inject} constructor
 *       (or a public no-argument one). Injectable: {@link org.drover.api.Config}, each
 *       {@code --set} value as {@code @Named("name")}, {@link org.drover.api.WorkerInfo}, a
 *       {@code java.util.logging.Logger}, and what the Guice modules listed in the jar's
 *       {@code META-INF/services/com.google.inject.Module} bind.</li>
 *   <li><b>Called concurrently</b> by the worker's {@code threads} request threads: it must be
 *       thread-safe.</li>
 *   <li>The request is an {@link org.drover.api.Environ}: the CGI/WSGI variables with typed
 *       accessors ({@code method()}, {@code pathInfo()}, {@code scheme()}, ...), the header
 *       fields as the client sent them ({@link org.drover.api.Environ#headers()}: names in
 *       their own case, in order, every value of a repeated name; derived from the
 *       {@code HTTP_*} variables when the request came from nginx's {@code uwsgi_pass}), and
 *       the body as an {@code InputStream}.</li>
 *   <li>It calls {@link org.drover.api.StartResponse#start} before its body sends its first
 *       byte, and may call it again to replace the status and headers until then; later, it
 *       throws {@code IllegalStateException}.</li>
 *   <li>It returns a {@link org.drover.api.Body}, which the worker sends and then closes once:
 *       bytes or a string ({@code Content-Length} set), a file ({@code Body.of(Path)}, with
 *       its length), chunks pulled one at a time from an {@code Iterable}, an
 *       {@code InputStream} or its own {@code next()} (streamed), or bytes it writes itself on
 *       the request thread ({@link org.drover.api.Body#writing}, streamed as written).</li>
 *   <li><b>An exception becomes a {@code 500}</b> (or, once the response has started, an aborted
 *       connection) and a logged stack trace; the worker lives on.</li>
 *   <li>{@link org.drover.api.Application#close()} is called once when its worker stops
 *       gracefully; an application that is {@link java.lang.AutoCloseable} has its
 *       {@code close()} called that way.</li>
 *   <li>It lives in a class loader of its own that shares only {@code org.drover.api},
 *       {@code jakarta.inject} and {@code com.google.inject} with the worker.</li>
 * </ul>
 *
 * <p>More, with examples: {@code docs/spi.md}.
 */
package org.drover.api;
