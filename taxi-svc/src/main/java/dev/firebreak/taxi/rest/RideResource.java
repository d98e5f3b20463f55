package dev.firebreak.taxi.rest;

import dev.firebreak.common.idempotency.IdempotencyKeys;
import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.taxi.model.OutboxStats;
import dev.firebreak.taxi.model.Ride;
import dev.firebreak.taxi.service.OutboxRelay;
import dev.firebreak.taxi.service.RideService;
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

/** Rides: request, follow, pick up, complete, cancel. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rides")
public class RideResource {

    private final RideService rides;
    private final OutboxRelay relay;

    public RideResource(RideService rides, OutboxRelay relay) {
        this.rides = rides;
        this.relay = relay;
    }

    @POST
    @Path("rides")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a ride; matched at once to the nearest free driver if one is near; idempotent by Idempotency-Key")
    public Response request(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull TaxiRequests.RequestRide request) {
        var outcome = rides.request(IdempotencyKeys.require(idempotencyKey), request.riderId(), request.pickup(), request.dropoff());
        return Responses.created(outcome, URI.create("/rides/" + outcome.value().rideId()));
    }

    @GET
    @Path("rides/{rideId}")
    @Operation(summary = "One ride, with the state of its fare charge")
    public Ride get(@PathParam("rideId") UUID rideId) {
        return rides.get(rideId);
    }

    @POST
    @Path("rides/{rideId}/pickup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The assigned driver picked the rider up (MATCHED → PICKED_UP)")
    public Ride pickUp(@PathParam("rideId") UUID rideId, @Valid @NotNull TaxiRequests.DriverAction request) {
        return rides.pickUp(rideId, request.driverId());
    }

    @POST
    @Path("rides/{rideId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The assigned driver ended the ride (PICKED_UP → COMPLETED); the fare is charged, or left PENDING if payments are down")
    public Ride complete(@PathParam("rideId") UUID rideId, @Valid @NotNull TaxiRequests.DriverAction request) {
        return rides.complete(rideId, request.driverId());
    }

    @POST
    @Path("rides/{rideId}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The rider or the assigned driver cancels before pickup")
    public Ride cancel(@PathParam("rideId") UUID rideId, @Valid @NotNull TaxiRequests.Cancel request) {
        return rides.cancel(rideId, request.by());
    }

    @GET
    @Path("ops/outbox")
    @Operation(summary = "Charges and notices waiting for a dependency")
    public OutboxStats outbox() {
        return relay.stats();
    }
}
