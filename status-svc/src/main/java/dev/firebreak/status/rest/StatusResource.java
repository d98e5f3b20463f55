package dev.firebreak.status.rest;

import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.status.model.Incident;
import dev.firebreak.status.model.Overview;
import dev.firebreak.status.model.Sample;
import dev.firebreak.status.model.TargetStatus;
import dev.firebreak.status.service.StatusBoard;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The status data, as JSON. Public on purpose: a status page that needs a sign-in fails its users. */
@Path("/api")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
public class StatusResource {

    private final StatusBoard board;

    public StatusResource(StatusBoard board) {
        this.board = board;
    }

    @GET
    @Path("/status")
    @Operation(summary = "Every service in every region: OPERATIONAL, DEGRADED or DOWN, with its instances")
    public Overview status() {
        return board.overview();
    }

    @GET
    @Path("/targets")
    @Operation(summary = "The latest probe of every watched instance")
    public List<TargetStatus> targets() {
        return board.targets();
    }

    @GET
    @Path("/targets/{name}/history")
    @Operation(summary = "Recent probes of one target, oldest first (bounded)")
    public List<Sample> history(@PathParam("name") String name) {
        return board.history(name).orElseThrow(() -> ProblemException.notFound("target", name));
    }

    @GET
    @Path("/incidents")
    @Operation(summary = "Changes seen (down, up, breaker open/closed), newest first (bounded)")
    public List<Incident> incidents(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return board.incidents(limit);
    }
}
