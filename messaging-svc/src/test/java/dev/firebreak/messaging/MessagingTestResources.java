package dev.firebreak.messaging;

import dev.firebreak.pg.PostgresTestResource;
import dev.firebreak.testing.JwtTestResource;
import dev.firebreak.testing.StubServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module: a real PostgreSQL database {@code messaging}, a stub payment-svc, the test JVM's keys. */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
@QuarkusTestResource(value = StubServerResource.class, initArgs = @ResourceArg(name = "name", value = "payment"))
@QuarkusTestResource(value = StubServerResource.class, initArgs = {@ResourceArg(name = "name", value = "payment-peer"),
        @ResourceArg(name = "down", value = "true")})
@QuarkusTestResource(JwtTestResource.class)
public class MessagingTestResources {
}
