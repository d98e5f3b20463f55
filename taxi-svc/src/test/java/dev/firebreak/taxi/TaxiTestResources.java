package dev.firebreak.taxi;

import dev.firebreak.pg.PostgresTestResource;
import dev.firebreak.testing.JwtTestResource;
import dev.firebreak.testing.StubServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module: a real PostgreSQL database {@code taxi}, stub payment-svc and
 * messaging-svc, their peer-region stand-ins (away unless a test restarts them), the test JVM's
 * keys and taxi-svc's own identity.
 */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "taxi"))
@QuarkusTestResource(value = StubServerResource.class, initArgs = @ResourceArg(name = "name", value = "payment"))
@QuarkusTestResource(value = StubServerResource.class, initArgs = @ResourceArg(name = "name", value = "messaging"))
@QuarkusTestResource(value = StubServerResource.class, initArgs = {@ResourceArg(name = "name", value = "payment-peer"),
        @ResourceArg(name = "down", value = "true")})
@QuarkusTestResource(value = StubServerResource.class, initArgs = {@ResourceArg(name = "name", value = "messaging-peer"),
        @ResourceArg(name = "down", value = "true")})
@QuarkusTestResource(value = JwtTestResource.class, initArgs = @ResourceArg(name = "service", value = "taxi-svc"))
public class TaxiTestResources {
}
