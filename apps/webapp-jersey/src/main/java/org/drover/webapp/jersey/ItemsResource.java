package org.drover.webapp.jersey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

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
     * {@code POST /api/items} with a JSON object: the same object, its fields in order, plus {@code
     * "echoedBy":"jersey"}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> echo(LinkedHashMap<String, Object> item) {
        item.put("echoedBy", "jersey");
        return item;
    }
}
