package dev.firebreak.taxi.client;

import dev.firebreak.common.client.RemoteProblems;
import dev.firebreak.common.security.ServiceTokenHeaders;
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

/** payment-svc's merchant payment API, called as taxi-svc's own narrow identity. Wrapped by {@link PaymentClient}. */
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterRestClient(configKey = "payment")
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PaymentRestClient {

    @POST
    PaymentResult pay(@HeaderParam("Idempotency-Key") String idempotencyKey, ChargeRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteProblems.toException("payment-svc", response);
    }
}
