package dev.firebreak.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This service's own identity for calls it makes on nobody's behalf (e.g. settling a fare from the
 * outbox after the rider's token expired): {@code firebreak.service-token}, or the file at
 * {@code firebreak.service-token-location}, re-read when it changes so a rotated token (a Secret
 * update) is picked up without a restart.
 */
@ApplicationScoped
public class ServiceToken {

    private final Optional<String> inline;
    private final Optional<Path> file;
    private String cached;
    private FileTime cachedAt;

    public ServiceToken(@ConfigProperty(name = "firebreak.service-token") Optional<String> inline,
            @ConfigProperty(name = "firebreak.service-token-location") Optional<String> location) {
        this.inline = inline.filter(s -> !s.isBlank());
        this.file = location.filter(s -> !s.isBlank()).map(Path::of);
    }

    /** {@code Bearer <token>}; fails loudly when the service was given no identity. */
    public synchronized String bearer() {
        if (inline.isPresent()) {
            return bearerOf(inline.get());
        }
        Path path = file.orElseThrow(() -> new IllegalStateException(
                "No service identity: set firebreak.service-token-location (a mounted Secret) or firebreak.service-token"));
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (cached == null || !modified.equals(cachedAt)) {
                cached = Files.readString(path).trim();
                cachedAt = modified;
            }
            return bearerOf(cached);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the service token at " + path, e);
        }
    }

    /** Whether this service was given an identity at all. */
    public boolean configured() {
        return inline.isPresent() || file.isPresent();
    }

    /**
     * The subject and expiry the token claims (read, not verified: it is our own token, and only
     * its expiry is wanted here); empty when the token is not a JWT with {@code exp}.
     */
    public synchronized java.util.Optional<Claims> claims() {
        String bearer = bearer();
        String[] parts = bearer.substring("Bearer ".length()).split("\\.");
        if (parts.length < 2) {
            return java.util.Optional.empty();
        }
        try {
            var payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            if (!payload.path("exp").isNumber()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Claims(payload.path("sub").asText(""),
                    java.time.Instant.ofEpochSecond(payload.path("exp").asLong())));
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** What the token says about itself. */
    public record Claims(String subject, java.time.Instant expiresAt) {
    }

    private static String bearerOf(String token) {
        return token.startsWith("Bearer ") ? token : "Bearer " + token;
    }
}
