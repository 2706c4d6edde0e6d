package org.drover.master.supervise;

/**
 * Where the server is, for its service manager.
 *
 * @param phase starting until every first worker is ready, then ready, reloading or stopping
 * @param ready workers ready to serve
 * @param target workers the server runs
 * @param lastReload how the last reload ended, or null before the first
 */
public record ServiceState(Phase phase, int ready, int target, String lastReload) {

    public enum Phase {
        STARTING,
        READY,
        RELOADING,
        STOPPING
    }
}
