package dev.firebreak.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Accounts and the tokens sign-in issues ({@code accounts.*}). */
@ConfigMapping(prefix = "accounts")
public interface AccountConfig {

    /** How long an access token is valid; short, because a stolen one cannot be recalled. */
    @WithDefault("15m")
    Duration tokenTtl();

    /** bcrypt cost (2^cost rounds); 10 takes ~60 ms here. */
    @WithDefault("10")
    int bcryptCost();

    /** User ids that get the admin role when they sign in. */
    Optional<Set<String>> admins();
}
