package dev.firebreak.common.security;

import dev.firebreak.common.idempotency.IdempotencyKeys;
import dev.firebreak.common.idempotency.ScopedKey;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.identity.Roles;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified token: the user id a request acts as (never taken from the
 * request body), and the roles and claims that narrow what a service identity may do.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    public Caller(SecurityIdentity identity, JsonWebToken jwt) {
        this.identity = identity;
        this.jwt = jwt;
    }

    /** The signed-in user's id (the token's subject); 401 for an anonymous request. */
    public String id() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        return identity.getPrincipal().getName();
    }

    /**
     * Passes when the caller is {@code ownerId} (or an admin, when {@code adminMayRead}); otherwise
     * answers 404 as if the resource did not exist, so nobody learns what others own.
     */
    public void mustBe(String ownerId, String what, boolean adminMayRead) {
        if (ownerId.equals(id()) || (adminMayRead && isAdmin())) {
            return;
        }
        throw ProblemException.notFound(what, ownerId);
    }

    /** The request's {@code Idempotency-Key}, validated, as one of this caller's keys (400 when missing or malformed). */
    public ScopedKey key(String idempotencyKey) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return new ScopedKey(id(), key);
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public boolean isAdmin() {
        return is(Roles.ADMIN);
    }

    /** A string claim of the token, e.g. the merchant a service identity is bound to. */
    public Optional<String> claim(String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof jakarta.json.JsonString json) {
            return Optional.of(json.getString());
        }
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }
}
