package dev.firebreak.messaging.rest;

import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.messaging.service.NoticeService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service notices to a user (used by taxi-svc). */
@Path("/notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notices")
public class NoticeResource {

    private final NoticeService notices;

    public NoticeResource(NoticeService notices) {
        this.notices = notices;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deliver a notice into the user's notice room; idempotent by (from, clientMessageId)")
    public Response notify(@Valid @NotNull ChatRequests.Notice request) {
        var outcome = notices.notify(request.userId(), request.from(), request.clientMessageId(), request.text());
        return Responses.created(outcome, URI.create("/rooms/" + outcome.value().roomId()));
    }
}
