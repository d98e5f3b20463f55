package dev.firebreak.payment;

import dev.firebreak.pg.PostgresTestResource;
import dev.firebreak.testing.JwtTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module: a real PostgreSQL database {@code payment}, tokens from the test JVM's own key. */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "payment"))
@QuarkusTestResource(JwtTestResource.class)
public class PaymentDatabase {
}
