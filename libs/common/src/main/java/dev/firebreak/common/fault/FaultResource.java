package dev.firebreak.common.fault;

import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** Switches this process's fault flag ({@link FaultSwitch}); it degrades a service, so only an admin may. */
@Path("/ops/fault")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class FaultResource {

    /** {@code {"mode": "fail"}} or {@code {"mode": "none"}}. */
    public record Change(String mode) {
    }

    private final FaultSwitch fault;

    public FaultResource(FaultSwitch fault) {
        this.fault = fault;
    }

    /** This process's fault flag. */
    @GET
    public FaultSwitch.State get() {
        return fault.state();
    }

    /** {@code fail}: every business request gets a 503; {@code none}: serve normally again. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public FaultSwitch.State set(Change change) {
        if (change == null || change.mode() == null) {
            throw ProblemException.badRequest("validation-failed", "Invalid request", "Send {\"mode\": \"fail\"} or {\"mode\": \"none\"}");
        }
        try {
            return fault.set(FaultSwitch.Mode.valueOf(change.mode().trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("validation-failed", "Invalid request",
                    "mode must be fail or none, not '" + change.mode() + "'");
        }
    }
}
