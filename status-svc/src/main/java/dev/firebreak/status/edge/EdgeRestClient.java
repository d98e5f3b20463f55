package dev.firebreak.status.edge;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The edge's public view ({@code GET /edge/regions}, {@code GET /edge/events}), as status-svc reads it. */
@Path("/edge")
@Produces(MediaType.APPLICATION_JSON)
interface EdgeRestClient {

    @GET
    @Path("/regions")
    EdgeApi.Regions regions();

    @GET
    @Path("/events")
    List<EdgeApi.Event> events(@QueryParam("after") long after);
}
