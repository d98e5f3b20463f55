package dev.firebreak.messaging.account;

import dev.firebreak.messaging.config.AccountConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long an account's sign-in is locked after wrong passwords: nothing for the first
 * {@code accounts.sign-in.free-failures} in a row, then a lock doubling with each further one from
 * {@code first-lock} to {@code longest-lock} (30 s, 1 min, 2 min, ... 15 min by default). Online
 * guessing of one account is bounded to a few hundred tries a day; a locked account is checked
 * before bcrypt runs, so guessing also costs the service nothing. The price, as with any per-account
 * lock, is that someone who knows a user id can keep that user out for the lock's length: the locks
 * are short and end by themselves, and never by a correct password while they last (or guessing
 * would continue through them).
 */
@ApplicationScoped
public class SignInThrottle {

    private final AccountConfig.SignIn config;

    @Inject
    public SignInThrottle(AccountConfig config) {
        this(config.signIn());
    }

    SignInThrottle(AccountConfig.SignIn config) {
        this.config = config;
    }

    /** Until when to lock the account after its {@code failures}-th wrong password in a row; empty: no lock. */
    public Optional<Instant> lockAfter(int failures, Instant now) {
        int beyond = failures - config.freeFailures();
        if (beyond <= 0) {
            return Optional.empty();
        }
        Duration lock = config.firstLock().multipliedBy(1L << Math.min(beyond - 1, 20));
        return Optional.of(now.plus(lock.compareTo(config.longestLock()) > 0 ? config.longestLock() : lock));
    }
}
