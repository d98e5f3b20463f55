package dev.firebreak.messaging.rest;

import dev.firebreak.common.idempotency.Responses;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.security.Caller;
import dev.firebreak.identity.Roles;
import dev.firebreak.messaging.service.NoticeService;
import jakarta.annotation.security.RolesAllowed;
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

/** Service notices to a user: only a service with the notices role, and only in its own name. */
@Path("/notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notices")
@RolesAllowed(Roles.SEND_NOTICES)
public class NoticeResource {

    private final NoticeService notices;
    private final Caller caller;

    public NoticeResource(NoticeService notices, Caller caller) {
        this.notices = notices;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deliver a notice into the user's notice room; idempotent by (from, clientMessageId)")
    public Response notify(@Valid @NotNull ChatRequests.Notice request) {
        if (!request.from().equals(caller.claim(Roles.MERCHANT_CLAIM).orElse(null))) {
            throw Problem.of(403, "notice-not-allowed", "Notice not allowed")
                    .detail("This service may only send notices as '" + caller.claim(Roles.MERCHANT_CLAIM).orElse("(nobody)") + "'.")
                    .exception();
        }
        var outcome = notices.notify(request.userId(), request.from(), request.clientMessageId(), request.text());
        return Responses.created(outcome, URI.create("/rooms/" + outcome.value().roomId()));
    }
}
