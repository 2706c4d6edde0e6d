package chat;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/** Registers WebSocket endpoints as Spring's ServerEndpointExporter does, and fails as it does without a container. */
public class EndpointExporter implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        if (ctx.getAttribute("jakarta.websocket.server.ServerContainer") == null) {
            throw new IllegalStateException(
                    "Failed to get jakarta.websocket.server.ServerContainer via ServletContext attribute");
        }
    }
}
