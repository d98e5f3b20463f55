package dev.firebreak.status.rest;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The page's live feed: its main fragment, freshly rendered, as a Server-Sent Event every second. */
@Path("/api/stream")
@PermitAll
@Tag(name = "page")
public class PageStreamResource {

    /** How often the stream sends; also keeps proxies in between (the edge, an ingress) from closing it as idle. */
    static final Duration EVERY = Duration.ofSeconds(1);

    private final PageRenderer renderer;

    public PageStreamResource(PageRenderer renderer) {
        this.renderer = renderer;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The page's main fragment and title as JSON, one Server-Sent Event a second, for as long as the client listens")
    public Multi<PageRenderer.Update> stream() {
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(EVERY)
                .onOverflow().drop()
                .map(tick -> renderer.update());
    }
}
