package org.drover.api;

/**
 * A web application: the callable a worker invokes once per request, as a WSGI server calls
 * its {@code application(environ, start_response)}.
 *
 * <p>One instance lives in each worker and is called concurrently by that worker's request
 * threads. It must call {@link StartResponse#start} before the returned {@link Body} yields
 * its first non-empty chunk (or, for a {@link Body#writing written body}, before the first
 * write), usually before {@code call} returns; it may call it again to replace the status and
 * headers until then. An exception thrown from {@code call} (or from the body) becomes a
 * {@code 500} if nothing has been sent yet, else aborts the client's connection; the worker
 * logs it and lives on.
 */
@FunctionalInterface
public interface Application {

    /**
     * Handles one request.
     *
     * @param environ the request: its CGI/WSGI variables and its body
     * @param startResponse takes the status line and the response headers
     * @return the response body; the worker sends it and then closes it
     */
    Body call(Environ environ, StartResponse startResponse) throws Exception;

    /**
     * Releases what the application holds (pools, threads, files). The worker calls it once,
     * after its last request, when it stops gracefully; not when the worker is killed or its
     * master dies. An exception is logged and the worker exits all the same.
     *
     * <p>An application that implements {@link AutoCloseable} declares this same method, so
     * it is called once, as before this default existed.
     */
    default void close() throws Exception {}
}
