package dev.firebreak.common.idempotency;

import jakarta.ws.rs.core.Response;
import java.net.URI;

/** HTTP answers for idempotent writes, one convention across the services. */
public final class Responses {

    private Responses() {
    }

    /**
     * 201 with the created resource; a replay gets the same status and body plus
     * {@code Idempotent-Replayed: true}, so a client retrying after a lost answer sees what it would have seen.
     */
    public static Response created(Outcome<?> outcome, URI location) {
        Response.ResponseBuilder rb = Response.created(location).entity(outcome.value());
        if (outcome.replayed()) {
            rb.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return rb.build();
    }

    /** For PUT-style creation: 201 when created now, 200 when it already existed. */
    public static Response createdOrExisting(Outcome<?> outcome, URI location) {
        return outcome.replayed()
                ? Response.ok(outcome.value()).build()
                : Response.created(location).entity(outcome.value()).build();
    }
}
