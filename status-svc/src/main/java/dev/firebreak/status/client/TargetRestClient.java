package dev.firebreak.status.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * What status-svc reads from every Firebreak service. Built once per target by
 * {@link TargetClient}; answers come back as plain responses because a 503 from
 * {@code /q/health} is news (the target says it is down), not a failure to call it.
 */
@RegisterRestClient(configKey = "status-target")
@Produces(MediaType.APPLICATION_JSON)
interface TargetRestClient {

    @GET
    @Path("/q/health")
    Response health();

    @GET
    @Path("/ops/circuit-breakers")
    Response breakers();
}
