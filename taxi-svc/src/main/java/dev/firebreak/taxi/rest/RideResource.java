package dev.firebreak.taxi.rest;

import dev.firebreak.common.idempotency.IdempotencyKeys;
import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.security.Caller;
import dev.firebreak.identity.Roles;
import dev.firebreak.taxi.model.OutboxStats;
import dev.firebreak.taxi.model.Ride;
import dev.firebreak.taxi.service.OutboxRelay;
import dev.firebreak.taxi.service.RideService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rides: request, follow, pick up, complete, cancel, always as the signed-in user. A ride is
 * visible to its rider and its driver only; to anyone else it does not exist (404).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rides")
@RolesAllowed(Roles.USER)
public class RideResource {

    private final RideService rides;
    private final OutboxRelay relay;
    private final Caller caller;

    public RideResource(RideService rides, OutboxRelay relay, Caller caller) {
        this.rides = rides;
        this.relay = relay;
        this.caller = caller;
    }

    @POST
    @Path("rides")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a ride; matched at once to the nearest free driver if one is near; idempotent by Idempotency-Key")
    public Response request(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull TaxiRequests.RequestRide request) {
        var outcome = rides.request(caller.key(idempotencyKey), request.pickup(), request.dropoff());
        return Responses.created(outcome, URI.create("/rides/" + outcome.value().rideId()));
    }

    @GET
    @Path("rides/{rideId}")
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    @Operation(summary = "One of your rides (as rider or driver), with the state of its fare charge")
    public Ride get(@PathParam("rideId") UUID rideId) {
        return rides.get(rideId, caller.id(), caller.isAdmin());
    }

    @POST
    @Path("rides/{rideId}/pickup")
    @Operation(summary = "You, the assigned driver, picked the rider up (MATCHED → PICKED_UP)")
    public Ride pickUp(@PathParam("rideId") UUID rideId) {
        return rides.pickUp(rideId, caller.id());
    }

    @POST
    @Path("rides/{rideId}/complete")
    @Operation(summary = "You, the assigned driver, ended the ride (PICKED_UP → COMPLETED); the fare is charged, or left PENDING if payments are down")
    public Ride complete(@PathParam("rideId") UUID rideId) {
        return rides.complete(rideId, caller.id());
    }

    @POST
    @Path("rides/{rideId}/settle")
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    @Operation(summary = "You, the rider, settle the ride's unpaid fare after topping up: the charge is made again at once")
    public Ride settle(@PathParam("rideId") UUID rideId) {
        return rides.settle(rideId, caller.id(), caller.isAdmin());
    }

    @POST
    @Path("rides/{rideId}/cancel")
    @Operation(summary = "You, the rider or the assigned driver, cancel before pickup")
    public Ride cancel(@PathParam("rideId") UUID rideId) {
        return rides.cancel(rideId, caller.id());
    }

    @GET
    @Path("ops/outbox")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Charges and notices waiting for a dependency")
    public OutboxStats outbox() {
        return relay.stats();
    }
}
