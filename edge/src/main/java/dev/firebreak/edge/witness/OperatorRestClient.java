package dev.firebreak.edge.witness;

import dev.firebreak.common.security.ServiceTokenHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * A region's database operator: what CloudNativePG does on a real cluster, and the simulator's
 * per-region agent on one machine. Built once per region by {@link OperatorClient}; every call
 * carries the witness's own token (role {@code databases:failover}), without which the operator
 * rebuilds nothing.
 */
@RegisterRestClient(configKey = "database-operator")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface OperatorRestClient {

    /** Replace this region's database with a standby of {@code primary}'s, seeded from it. */
    @POST
    @Path("/rejoin")
    Response rejoin(Map<String, String> request);
}
