package dev.firebreak.taxi.client;

import dev.firebreak.common.client.RemoteProblems;
import dev.firebreak.common.security.ServiceTokenHeaders;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** messaging-svc's notice API, called as taxi-svc's own narrow identity. Wrapped by {@link MessagingClient}. */
@RegisterClientHeaders(ServiceTokenHeaders.class)
@RegisterRestClient(configKey = "messaging")
@Path("/notices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface MessagingRestClient {

    @POST
    Response notify(NoticeRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteProblems.toException("messaging-svc", response);
    }
}
