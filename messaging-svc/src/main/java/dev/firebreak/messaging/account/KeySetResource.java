package dev.firebreak.messaging.account;

import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.KeySet;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The issuer's public keys, as an OIDC provider publishes them ({@code jwks_uri}): the same key set
 * every service verifies with (the Secret {@code firebreak-jwt-public}), so anyone outside the
 * installation can check a Firebreak token, and see a rotation's new key before it signs.
 */
@Path("/.well-known/jwks.json")
@Tag(name = "accounts")
@PermitAll
public class KeySetResource {

    private final Optional<String> inline;
    private final Optional<String> location;

    public KeySetResource(@ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> inline,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location) {
        this.inline = inline.filter(s -> !s.isBlank());
        this.location = location.filter(s -> !s.isBlank());
    }

    @GET
    @Produces("application/jwk-set+json")
    @Operation(summary = "The public keys tokens are signed with (a JWK Set with kid per key)")
    public Response keys() {
        String content = inline.orElseGet(() -> read(location.orElseThrow(() -> new IllegalStateException(
                "No verification key configured (mp.jwt.verify.publickey.location)"))));
        KeySet keys = content.trim().startsWith("{") ? KeySet.parse(content)
                : KeySet.of(List.of(InstallationKeys.publicKeyOf(content)));
        return Response.ok(keys.toJson()).header("Cache-Control", "public, max-age=300").build();
    }

    private static String read(String file) {
        try {
            return Files.readString(java.nio.file.Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key set at " + file, e);
        }
    }
}
