package org.drover.worker.app;

import org.drover.api.Application;

/** An application built and ready to call, with the class loader it lives in. */
public record LoadedApp(Application application, ClassLoader loader, String description) {

    /** Closes the application; called once, on graceful exit. */
    public void close() {
        try {
            application.close();
        } catch (Exception e) {
            System.err.println("drover worker: closing " + description + " failed: " + e);
        }
    }
}
