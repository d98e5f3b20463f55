package dev.firebreak.messaging.account;

import dev.firebreak.identity.InstallationKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key sign-in signs with, as smallrye-jwt is configured to find it ({@code smallrye.jwt.sign.key}
 * inline, or the mounted Secret at {@code smallrye.jwt.sign.key.location}): only its key id is
 * needed here, the thumbprint every verifier finds it by in the published key set.
 */
@ApplicationScoped
public class SigningKey {

    private final Optional<String> inline;
    private final Optional<String> location;
    private volatile String keyId;

    public SigningKey(@ConfigProperty(name = "smallrye.jwt.sign.key") Optional<String> inline,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> location) {
        this.inline = inline.filter(s -> !s.isBlank());
        this.location = location.filter(s -> !s.isBlank());
    }

    /** The signing key's {@code kid}; fails loudly when no signing key is configured. */
    public String keyId() {
        String id = keyId;
        if (id == null) {
            id = InstallationKeys.keyIdOf(InstallationKeys.privateKeyOf(pem()));
            keyId = id;
        }
        return id;
    }

    private String pem() {
        if (inline.isPresent()) {
            return inline.get();
        }
        Path file = Path.of(location.orElseThrow(() -> new IllegalStateException(
                "No signing key: set smallrye.jwt.sign.key.location (the mounted Secret firebreak-jwt-signing)")));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key at " + file, e);
        }
    }
}
