package dev.firebreak.status.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The status page, rendered on the server so it reads fine with JavaScript off; with JavaScript
 * it follows {@link PageStreamResource} and updates itself without reloads. Public on purpose.
 */
@Path("/")
@PermitAll
@Tag(name = "page")
public class PageResource {

    private final PageRenderer renderer;

    public PageResource(PageRenderer renderer) {
        this.renderer = renderer;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The status page (HTML)")
    public String index() {
        return renderer.whole();
    }
}
