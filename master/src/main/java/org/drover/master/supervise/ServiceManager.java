package org.drover.master.supervise;

/**
 * The service manager that started the master, such as systemd: told where the server is at the
 * end of every turn of the supervisor's loop, on the loop's own thread, so that a loop that stops
 * turning stops feeding the manager's watchdog.
 */
@FunctionalInterface
public interface ServiceManager {

    /** No service manager: nothing is told. */
    ServiceManager NONE = (now, state) -> {};

    /** @param now {@link System#nanoTime()} at the end of the turn */
    void turned(long now, ServiceState state);
}
