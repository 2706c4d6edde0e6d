package org.drover.webapp.jersey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.LinkedHashMap;

/** {@code /api/items}: JSON out and in, for the tests that Jersey's JSON provider (Jackson) works in the webapp. */
@Path("items")
public final class ItemsResource {

    /** {@code GET /api/items/{id}} (digits only, else 404): {@code {"id":<id>,"name":"item-<id>"}}. */
    @GET
    @Path("{id: [0-9]{1,18}}")
    @Produces(MediaType.APPLICATION_JSON)
    public Item item(@PathParam("id") long id) {
        return Item.numbered(id);
    }

    /**
     * {@code POST /api/items} with a JSON object: {@code 201 Created}, its {@code Location} built
     * by JAX-RS's {@code UriInfo} from the request (so it shows what the webapp believes its
     * address is: scheme, host, port and context path), and the same object, its fields in
     * order, plus {@code "echoedBy":"jersey"}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(LinkedHashMap<String, Object> item, @Context UriInfo uri) {
        item.put("echoedBy", "jersey");
        URI location = uri.getAbsolutePathBuilder()
                .path(String.valueOf(item.getOrDefault("id", "new")))
                .build();
        return Response.created(location).entity(item).build();
    }
}
