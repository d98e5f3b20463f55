package dev.firebreak.messaging.client;

import dev.firebreak.common.client.RemoteProblems;
import dev.firebreak.common.security.CallerTokenHeaders;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * payment-svc's HTTP API, as far as chat needs it. Calls carry the signed-in sender's own token:
 * payment-svc itself checks whose money moves. Wrapped by {@link PaymentClient}.
 */
@RegisterRestClient(configKey = "payment")
@RegisterClientHeaders(CallerTokenHeaders.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PaymentRestClient {

    @POST
    @Path("transfers")
    TransferResult transfer(@HeaderParam("Idempotency-Key") String idempotencyKey, TransferRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteProblems.toException("payment-svc", response);
    }
}
