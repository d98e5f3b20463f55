package dev.firebreak.messaging.service;

import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.messaging.model.User;
import dev.firebreak.messaging.repository.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Users: create or rename, look up. */
@ApplicationScoped
public class UserService {

    private final Transactions tx;
    private final UserRepository users;

    public UserService(Transactions tx, UserRepository users) {
        this.tx = tx;
        this.users = users;
    }

    /** Creates the user (applied) or renames the existing one (replayed). */
    public Outcome<User> put(String userId, String displayName) {
        return tx.write(c -> {
            boolean created = users.upsert(c, userId, displayName);
            User user = users.find(c, userId).orElseThrow();
            return created ? Outcome.applied(user) : Outcome.replayed(user);
        });
    }

    public User get(String userId) {
        return tx.read(c -> users.find(c, userId)).orElseThrow(() -> ProblemException.notFound("user", userId));
    }
}
