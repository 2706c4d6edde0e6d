package org.drover.webapp.jersey;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /api/hello}: "Hello from Jersey", the smoke test that Jersey started inside the worker. */
@Path("hello")
public final class HelloResource {

    @GET
    @Produces("text/plain;charset=utf-8")
    public String hello() {
        return "Hello from Jersey\n";
    }
}
