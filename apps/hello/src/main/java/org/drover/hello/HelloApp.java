package org.drover.hello;

import jakarta.inject.Inject;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.drover.api.Application;
import org.drover.api.Body;
import org.drover.api.Config;
import org.drover.api.Environ;
import org.drover.api.StartResponse;

/**
 * The seed article's app: prints {@code <pid> <ppid> <REQUEST_URI> called <HH:MM:SS>}, sleeps
 * {@code hello.sleep} seconds (default 0), and answers {@code Hello world!} to every path.
 */
public final class HelloApp implements Application {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final long sleepMillis;
    private final long pid = ProcessHandle.current().pid();
    private final long ppid =
            ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);

    @Inject
    public HelloApp(Config config) {
        double seconds = config.getDouble("hello.sleep", 0);
        if (seconds < 0) {
            throw new IllegalArgumentException("hello.sleep must be >= 0 seconds, got " + seconds);
        }
        this.sleepMillis = Math.round(seconds * 1000);
    }

    @Override
    public Body call(Environ environ, StartResponse startResponse) throws InterruptedException {
        System.out.println(pid + " " + ppid + " " + environ.requestUri() + " called "
                + LocalTime.now().format(TIME));
        if (sleepMillis > 0) {
            Thread.sleep(sleepMillis);
        }
        startResponse.start(200, "Content-Type", "text/plain");
        return Body.of("Hello world!\n");
    }
}
