package dev.firebreak.common.idempotency;

/**
 * An {@code Idempotency-Key} together with who sent it. Keys are chosen by clients, so they are
 * only unique per client: a key is looked up, claimed and replayed within its owner's keys (the
 * token's subject: a user id, or {@code svc:<service>} for a service identity). Another caller's
 * key is never seen, so nobody can squat a key someone else will use, nor learn what another's key
 * did.
 */
public record ScopedKey(String owner, String key) {

    public ScopedKey {
        if (owner == null || owner.isBlank() || key == null || key.isBlank()) {
            throw new IllegalArgumentException("A scoped key needs an owner and a key");
        }
    }
}
