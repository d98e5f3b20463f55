package dev.firebreak.status.rest;

import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.status.model.Change;
import dev.firebreak.status.model.Incident;
import dev.firebreak.status.model.Page;
import dev.firebreak.status.model.Overview;
import dev.firebreak.status.model.Sample;
import dev.firebreak.status.model.TargetStatus;
import dev.firebreak.status.service.StatusBoard;
import dev.firebreak.status.service.StatusPage;
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
    private final StatusPage page;

    public StatusResource(StatusBoard board, StatusPage page) {
        this.board = board;
        this.page = page;
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
    @Path("/changes")
    @Operation(summary = "Changes seen by this instance (a target down or up, a breaker open or closed, the edge answering or not), newest first (bounded)")
    public List<Change> changes(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return board.changes(limit);
    }

    @GET
    @Path("/page")
    @Operation(summary = "Everything the status page shows: functions, incidents with their timelines, uptime, regions in detail, the edge")
    public Page page() {
        return page.page();
    }

    @GET
    @Path("/incidents")
    @Operation(summary = "Incidents (periods when some function was not fully operational), newest first, each with its timeline")
    public List<Incident> incidents() {
        return page.page().incidents();
    }
}
