package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The run's own accounts: signed up and signed in (Kakao Account, on messaging-svc) before the load starts. */
public final class Users {

    private static final String PASSWORD = "firebreak drill password";

    private final Api api;
    private final Target target;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public Users(Api api, Target target) {
        this.api = api;
        this.target = target;
    }

    /** Users that already have tokens (a service that does not check them, as a stub's), by id. */
    public static Users given(Map<String, String> tokensById) {
        Users users = new Users(null, null);
        tokensById.forEach((id, token) -> {
            users.ids.add(id);
            users.tokens.put(id, token);
        });
        return users;
    }

    /** Signs up {@code count} users named {@code prefix-N} and signs each in; retries for up to {@code patience}. */
    public Users create(String prefix, int count, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            String account = Api.json(Map.of("userId", id, "displayName", "Drill " + i, "password", PASSWORD));
            until(deadline, "sign up " + id, () -> {
                Api.Answer a = api.send("POST", target.url("messaging-svc", "/accounts"), Map.of(), account);
                return a.ok() || a.status() == 409;
            });
            until(deadline, "sign in " + id, () -> {
                Api.Answer a = api.send("POST", target.url("messaging-svc", "/sessions"), Map.of(),
                        Api.json(Map.of("userId", id, "password", PASSWORD)));
                if (a.ok()) {
                    tokens.put(id, a.json().path("accessToken").asText());
                }
                return a.ok();
            });
            ids.add(id);
        }
        return this;
    }

    public List<String> ids() {
        return List.copyOf(ids);
    }

    /** The {@code Authorization} header of {@code user}. */
    public Map<String, String> auth(String user) {
        return Map.of("Authorization", "Bearer " + tokens.get(user));
    }

    static void until(long deadlineNanos, String what, java.util.function.BooleanSupplier attempt) {
        while (!attempt.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("Could not " + what + " before the run started");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
