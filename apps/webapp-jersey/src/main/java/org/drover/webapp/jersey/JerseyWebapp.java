package org.drover.webapp.jersey;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The REST application at {@code /api}: lists its resources and JSON support itself, so Jersey scans nothing; the
 * container only has to hand this class to Jersey's initializer. WADL is off: it needs a JAXB implementation the
 * webapp does not bundle, and Jersey would warn about it at every start.
 */
@ApplicationPath("/api")
public final class JerseyWebapp extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(HelloResource.class, ItemsResource.class, SleepResource.class, JacksonFeature.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
