package dev.firebreak.edge.rest;

import dev.firebreak.edge.events.EdgeEvents;
import dev.firebreak.edge.health.RegionHealth;
import dev.firebreak.edge.routing.RegionAdmission;
import dev.firebreak.edge.witness.Witness;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The edge's view, public like a status page: which region serves each service and since when,
 * where the database primary is, and every decision with its time and reason.
 */
@Path("/edge")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "edge")
public class EdgeResource {

    /**
     * One region: each service's health, how much the edge sends each service at once (its
     * adaptive limit, in flight, waiting; services sent nothing yet are absent), and its database
     * as the witness sees it.
     */
    public record Region(String name, boolean drained, List<RegionHealth.ServiceHealth> services,
            Map<String, RegionAdmission.Load> admission, Witness.RegionView database) {
    }

    /**
     * @param preferredRegion where clients that name no region go now
     * @param primaryRegion where the database primary is (null until the witness has seen it)
     * @param serving for each service, the region its clients without a preference go to
     */
    public record Regions(Instant at, String preferredRegion, String primaryRegion, Map<String, String> serving, List<Region> regions,
            Witness.Snapshot witness) {
    }

    private final RegionHealth health;
    private final RegionAdmission admission;
    private final Witness witness;
    private final EdgeEvents events;
    private final Clock clock;

    public EdgeResource(RegionHealth health, RegionAdmission admission, Witness witness, EdgeEvents events, Clock clock) {
        this.health = health;
        this.admission = admission;
        this.witness = witness;
        this.events = events;
        this.clock = clock;
    }

    @GET
    @Path("/regions")
    @Operation(summary = "Each region's services (healthy or not, since when), where clients go, where the database primary is")
    public Regions regions() {
        Witness.Snapshot w = witness.snapshot();
        List<RegionHealth.ServiceHealth> all = health.snapshot();
        Set<String> drained = health.drained();
        List<Region> regions = all.stream().map(RegionHealth.ServiceHealth::region).distinct()
                .map(r -> new Region(r, drained.contains(r), all.stream().filter(s -> s.region().equals(r)).toList(),
                        admission.load(r), w.regions().get(r)))
                .toList();
        Map<String, String> serving = health.services().stream()
                .collect(Collectors.toMap(s -> s, s -> health.order(s, health.defaultRegion()).get(0), (a, b) -> a, java.util.TreeMap::new));
        return new Regions(clock.instant(), health.defaultRegion(), health.primaryRegion(), serving, regions, w);
    }

    @GET
    @Path("/events")
    @Operation(summary = "Every decision since a sequence number, oldest first: detection, promotion, traffic switch, restore")
    public List<EdgeEvents.Event> events(@QueryParam("after") @DefaultValue("0") @Min(0) long after) {
        return events.since(after);
    }
}
