package dev.firebreak.messaging.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.firebreak.common.db.SqlStates;
import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.identity.Roles;
import dev.firebreak.messaging.config.AccountConfig;
import dev.firebreak.messaging.model.User;
import dev.firebreak.messaging.repository.UserRepository;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Kakao Account: sign-up and sign-in. Sign-in returns a signed JWT that every Firebreak service
 * verifies with the installation's public key; this is the only service holding the private key.
 */
@ApplicationScoped
public class AccountService {

    /** bcrypt reads at most 72 bytes of a password; longer ones would be silently truncated. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** A hash no password matches, verified for unknown users so timing does not tell who exists. */
    private static final String NO_ACCOUNT_HASH = BCrypt.withDefaults().hashToString(4, "no-account".toCharArray());

    private final Transactions tx;
    private final UserRepository users;
    private final CredentialRepository credentials;
    private final AccountConfig config;
    private final String issuer;
    private final SigningKey signingKey;
    private final SignInThrottle throttle;
    private final Clock clock;

    /**
     * {@code issuer} is the one every verifier checks ({@code mp.jwt.verify.issuer}): signing with
     * a second setting could only ever mint tokens the services refuse.
     */
    public AccountService(Transactions tx, UserRepository users, CredentialRepository credentials, AccountConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer, SigningKey signingKey, SignInThrottle throttle, Clock clock) {
        this.tx = tx;
        this.users = users;
        this.credentials = credentials;
        this.config = config;
        this.issuer = issuer;
        this.signingKey = signingKey;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Creates the user and their credential; 409 when the id is taken. */
    public User signUp(String userId, String displayName, String password) {
        checkPasswordLength(password);
        String hash = BCrypt.withDefaults().hashToString(config.bcryptCost(), password.toCharArray());
        try {
            return tx.write(c -> {
                if (users.find(c, userId).isPresent()) {
                    throw taken(userId);
                }
                users.upsert(c, userId, displayName);
                credentials.insert(c, userId, hash);
                return users.find(c, userId).orElseThrow();
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && SqlStates.is(sql, SqlStates.UNIQUE_VIOLATION)) {
                throw taken(userId); // a concurrent sign-up with the same id won
            }
            throw e;
        }
    }

    /**
     * A fresh access token for correct credentials; the same 401 for a wrong password and an
     * unknown user. An account whose sign-in is locked after too many wrong passwords answers 429
     * with {@code Retry-After}, before any password is checked ({@link SignInThrottle}).
     */
    public Session signIn(String userId, String password) {
        checkPasswordLength(password);
        Instant now = clock.instant();
        CredentialRepository.Credential credential = tx.read(c -> credentials.find(c, userId)).orElse(null);
        if (credential != null && credential.lockedUntil() != null && credential.lockedUntil().isAfter(now)) {
            throw locked(credential.lockedUntil(), now);
        }
        String hash = credential == null ? null : credential.hash();
        boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash == null ? NO_ACCOUNT_HASH : hash).verified;
        if (!ok || hash == null) {
            if (hash != null) {
                tx.write(c -> {
                    int failures = credentials.recordFailure(c, userId);
                    throttle.lockAfter(failures, now).ifPresent(until -> {
                        try {
                            credentials.lockUntil(c, userId, until);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    return null;
                });
            }
            throw Problem.of(401, "invalid-credentials", "Wrong user id or password")
                    .detail("The user id or the password is wrong.").exception();
        }
        if (credential.failedAttempts() > 0) {
            tx.write(c -> {
                credentials.reset(c, userId);
                return null;
            });
        }
        Set<String> roles = new HashSet<>(Set.of(Roles.USER));
        if (config.admins().orElse(Set.of()).contains(userId)) {
            roles.add(Roles.ADMIN);
        }
        String token = Jwt.issuer(issuer)
                .audience(Roles.AUDIENCE)
                .subject(userId)
                .upn(userId)
                .groups(roles)
                .expiresIn(config.tokenTtl())
                .jws().keyId(signingKey.keyId())
                .sign();
        return new Session(token, "Bearer", config.tokenTtl().toSeconds(), userId);
    }

    private static ProblemException locked(Instant until, Instant now) {
        long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
        return new ProblemException(Problem.of(429, "sign-in-locked", "Too many wrong passwords")
                .detail("This account's sign-in is locked after too many wrong passwords in a row; try again in " + seconds
                        + " s. The lock ends by itself.")
                .with("retryAfterSeconds", seconds)
                .build(), java.util.Map.of("Retry-After", String.valueOf(seconds)));
    }

    private static void checkPasswordLength(String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw Problem.of(400, "password-too-long", "Password too long")
                    .detail("A password may be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8.").exception();
        }
    }

    private static RuntimeException taken(String userId) {
        return Problem.of(409, "account-exists", "Account exists")
                .detail("User id '" + userId + "' is taken; choose another or sign in.").exception();
    }
}
