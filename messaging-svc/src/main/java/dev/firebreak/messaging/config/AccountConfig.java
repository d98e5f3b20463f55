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

    SignIn signIn();

    /**
     * Throttling of wrong passwords, per account: after {@link #freeFailures()} wrong passwords in
     * a row, each further one locks the account's sign-in for a while, doubling from
     * {@link #firstLock()} up to {@link #longestLock()}; a correct password ends the run.
     */
    interface SignIn {
        /** Wrong passwords in a row that cost nothing but the 401. */
        @WithDefault("5")
        int freeFailures();

        /** The lock after the first wrong password beyond the free ones. */
        @WithDefault("30s")
        Duration firstLock();

        /** The longest lock: guessing stays possible for the owner, never fast for anyone. */
        @WithDefault("15m")
        Duration longestLock();
    }
}
