package broken;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/** Fails as an app whose configuration is missing does. */
public class FailingInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        System.setProperty("test.broken.started", "yes");
        // as frameworks do, the cause wrapped, and a message of more than one line
        throw new RuntimeException(
                "context initialization failed",
                new IllegalStateException("no database URL\nsecond line of the message"));
    }
}
