package dev.firebreak.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a {@link StubServer} for a REST client and points {@code quarkus.rest-client.<name>.url}
 * at it. Init arg {@code name} names the client's config key; {@code down=true} starts it refusing
 * connections (a peer region that is away unless a test says otherwise); tests reach the stub
 * through {@link #stub(String)}.
 */
public class StubServerResource implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, StubServer> STUBS = new ConcurrentHashMap<>();
    private String name;
    private boolean down;

    @Override
    public void init(Map<String, String> initArgs) {
        name = initArgs.get("name");
        down = Boolean.parseBoolean(initArgs.getOrDefault("down", "false"));
        if (name == null) {
            throw new IllegalArgumentException("StubServerResource needs the init arg 'name' (a rest client config key)");
        }
    }

    @Override
    public Map<String, String> start() {
        StubServer stub = STUBS.computeIfAbsent(name, n -> new StubServer());
        if (down) {
            stub.stop(); // connection refused until a test restarts it
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.rest-client." + name + ".url", stub.url());
        return config;
    }

    @Override
    public void stop() {
        StubServer stub = STUBS.remove(name);
        if (stub != null) {
            stub.stop();
        }
    }

    /** The stub standing in for the client {@code name}. */
    public static StubServer stub(String name) {
        StubServer stub = STUBS.get(name);
        if (stub == null) {
            throw new IllegalStateException("No stub named " + name + " is running");
        }
        return stub;
    }
}
