package dev.firebreak.edge.rest;

import dev.firebreak.edge.health.RegionHealth;
import dev.firebreak.edge.witness.Witness;
import dev.firebreak.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What an operator may do at the edge: every one of these degrades something, so each needs the admin role. */
@Path("/edge/admin")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "edge admin")
public class AdminResource {

    /** Where to move the database primary. */
    public record Move(@NotBlank String to, Boolean acceptDataLoss) {
    }

    private final Witness witness;
    private final RegionHealth health;

    public AdminResource(Witness witness, RegionHealth health) {
        this.witness = witness;
        this.health = health;
    }

    @POST
    @Path("/switchover")
    @Operation(summary = "Planned move of the database primary to a synchronous standby; loses nothing")
    public Map<String, String> switchover(@Valid Move move) {
        return Map.of("result", witness.switchover(move.to()));
    }

    @POST
    @Path("/failover")
    @Operation(summary = "Promote a standby while the primary is lost, even when the automatic rules refused (acceptDataLoss)")
    public Map<String, String> failover(@Valid Move move) {
        return Map.of("result", witness.failover(move.to(), Boolean.TRUE.equals(move.acceptDataLoss())));
    }

    @PUT
    @Path("/drained/{region}")
    @Operation(summary = "Take a region out of rotation (its clients go elsewhere unless no other region can serve)")
    public Map<String, Object> drain(@PathParam("region") String region) {
        health.drain(region, true);
        return Map.of("drained", health.drained());
    }

    @DELETE
    @Path("/drained/{region}")
    @Operation(summary = "Put a drained region back in rotation")
    public Map<String, Object> undrain(@PathParam("region") String region) {
        health.drain(region, false);
        return Map.of("drained", health.drained());
    }
}
