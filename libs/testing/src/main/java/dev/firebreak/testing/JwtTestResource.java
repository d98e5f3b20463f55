package dev.firebreak.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points token verification (and, for the issuer, signing) at the test JVM's own key pair. */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey", TestTokens.KEYS.publicPem(),
                "smallrye.jwt.sign.key", TestTokens.KEYS.privatePem());
    }

    @Override
    public void stop() {
        // Keys live as long as the JVM.
    }
}
