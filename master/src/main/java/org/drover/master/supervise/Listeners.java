package org.drover.master.supervise;

/**
 * The master's listeners as the supervisor drives them: it counts the requests still in, stops
 * new ones for a graceful stop, and names the listeners in the ready line.
 */
public interface Listeners {

    /** Requests taken and not yet answered: reading their body, queued, or at a worker. */
    int inFlight();

    /** New connections are refused, and new requests on open ones get 503. */
    void stopAccepting();

    /** The listeners with their bound addresses, such as {@code http://127.0.0.1:8080}. */
    String describe();

    /** Reads the https certificate and key again, keeping the old pair if the new one is bad. */
    void reloadCertificates();
}
