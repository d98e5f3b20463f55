package dev.firebreak.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import dev.firebreak.identity.ServiceIdentity;
import java.util.HashMap;
import java.util.Map;

/**
 * Points token verification (and, for the issuer, signing) at the test JVM's own key pair. Init
 * arg {@code service} (e.g. {@code taxi-svc}) also gives the service under test its own identity.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get("service");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        // A key set in the middle of a rotation: the signing key and the next one, published beside it.
        config.put("mp.jwt.verify.publickey", TestTokens.publishedKeys().toJson());
        config.put("smallrye.jwt.sign.key", TestTokens.KEYS.privatePem());
        if (service != null) {
            ServiceIdentity identity = ServiceIdentity.ALL.stream().filter(i -> i.service().equals(service)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No service identity for " + service));
            config.put("firebreak.service-token", TestTokens.service(identity));
        }
        return config;
    }

    @Override
    public void stop() {
        // Keys live as long as the JVM.
    }
}
