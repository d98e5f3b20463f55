package dev.firebreak.taxi.rest;

import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.security.Caller;
import dev.firebreak.common.validation.Ids;
import dev.firebreak.identity.Roles;
import dev.firebreak.taxi.model.Driver;
import dev.firebreak.taxi.service.DriverService;
import jakarta.annotation.security.RolesAllowed;
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

/** Drivers: a signed-in user registers and reports only as themselves. */
@Path("/drivers/{driverId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "drivers")
@RolesAllowed(Roles.USER)
public class DriverResource {

    private final DriverService drivers;
    private final Caller caller;

    public DriverResource(DriverService drivers, Caller caller) {
        this.drivers = drivers;
        this.caller = caller;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register yourself as a driver (201) or change your name (200)")
    public Response put(@PathParam("driverId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String driverId,
            @Valid @NotNull TaxiRequests.PutDriver request) {
        if (!driverId.equals(caller.id())) {
            throw Problem.of(403, "forbidden", "Not allowed").detail("You can only register yourself as a driver.").exception();
        }
        return Responses.createdOrExisting(drivers.put(driverId, request.name()), URI.create("/drivers/" + driverId));
    }

    @PUT
    @Path("/position")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report your position and whether you take rides")
    public Driver position(@PathParam("driverId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String driverId,
            @Valid @NotNull TaxiRequests.Position request) {
        caller.mustBe(driverId, "driver", false);
        return drivers.updatePosition(driverId, request.point(), request.available());
    }

    @GET
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    @Operation(summary = "Your driver profile, with the ride you are on")
    public Driver get(@PathParam("driverId") @Pattern(regexp = Ids.ID, message = Ids.ID_MESSAGE) String driverId) {
        caller.mustBe(driverId, "driver", true);
        return drivers.get(driverId);
    }
}
