package dev.firebreak.messaging.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.firebreak.common.db.SqlStates;
import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.identity.Roles;
import dev.firebreak.identity.TokenMinter;
import dev.firebreak.messaging.config.AccountConfig;
import dev.firebreak.messaging.model.User;
import dev.firebreak.messaging.repository.UserRepository;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.nio.charset.StandardCharsets;
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

    /**
     * {@code issuer} is the one every verifier checks ({@code mp.jwt.verify.issuer}): signing with
     * a second setting could only ever mint tokens the services refuse.
     */
    public AccountService(Transactions tx, UserRepository users, CredentialRepository credentials, AccountConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.tx = tx;
        this.users = users;
        this.credentials = credentials;
        this.config = config;
        this.issuer = issuer;
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

    /** A fresh access token for correct credentials; the same 401 for a wrong password and an unknown user. */
    public Session signIn(String userId, String password) {
        checkPasswordLength(password);
        String hash = tx.read(c -> credentials.hashOf(c, userId)).orElse(null);
        boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash == null ? NO_ACCOUNT_HASH : hash).verified;
        if (!ok || hash == null) {
            throw Problem.of(401, "invalid-credentials", "Wrong user id or password")
                    .detail("The user id or the password is wrong.").exception();
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
                .jws().keyId(TokenMinter.KEY_ID)
                .sign();
        return new Session(token, "Bearer", config.tokenTtl().toSeconds(), userId);
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
