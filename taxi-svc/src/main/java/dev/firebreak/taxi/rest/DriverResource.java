package dev.firebreak.taxi.rest;

import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.validation.Ids;
import dev.firebreak.taxi.model.Driver;
import dev.firebreak.taxi.service.DriverService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Drivers, their position and availability. */
@Path("/drivers/{driverId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "drivers")
public class DriverResource {

    private final DriverService drivers;

    public DriverResource(DriverService drivers) {
        this.drivers = drivers;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register the driver (201) or change its name (200)")
    public Response put(@PathParam("driverId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String driverId,
            @Valid @NotNull TaxiRequests.PutDriver request) {
        return Responses.createdOrExisting(drivers.put(driverId, request.name()), URI.create("/drivers/" + driverId));
    }

    @PUT
    @Path("/position")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report the driver's position and whether they take rides")
    public Driver position(@PathParam("driverId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String driverId,
            @Valid @NotNull TaxiRequests.Position request) {
        return drivers.updatePosition(driverId, request.point(), request.available());
    }

    @GET
    @Operation(summary = "One driver, with the ride they are on")
    public Driver get(@PathParam("driverId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String driverId) {
        return drivers.get(driverId);
    }
}
