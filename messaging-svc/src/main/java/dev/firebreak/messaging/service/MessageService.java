package dev.firebreak.messaging.service;

import dev.firebreak.common.db.SqlStates;
import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.paging.Page;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.messaging.model.Message;
import dev.firebreak.messaging.model.Unread;
import dev.firebreak.messaging.repository.MessageRepository;
import dev.firebreak.messaging.repository.RoomRepository;
import dev.firebreak.messaging.repository.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Posting messages, reading history, read positions and unread counts. */
@ApplicationScoped
public class MessageService {

    private final Transactions tx;
    private final RoomRepository rooms;
    private final MessageRepository messages;
    private final UserRepository users;

    public MessageService(Transactions tx, RoomRepository rooms, MessageRepository messages, UserRepository users) {
        this.tx = tx;
        this.rooms = rooms;
        this.messages = messages;
        this.users = users;
    }

    /**
     * Posts a message as the room's next seq. A resend with the same client message id returns the
     * original (replayed); the same id with different content is refused.
     */
    public Outcome<Message> post(NewMessage m) {
        try {
            return tx.write(c -> {
                Optional<Outcome<Message>> earlier = earlier(c, m);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                long seq = rooms.lockNextSeq(c, m.roomId()).orElseThrow(() -> ProblemException.notFound("room", m.roomId()));
                if (!rooms.isMember(c, m.roomId(), m.senderId())) {
                    throw notAMember(m.roomId(), m.senderId());
                }
                Message message = new Message(m.roomId(), seq, m.senderId(), m.clientMessageId(), m.kind(), m.text(),
                        m.transferId(), m.amount(), null);
                messages.insert(c, message, m.fingerprint());
                rooms.setLastSeq(c, m.roomId(), seq);
                rooms.markRead(c, m.roomId(), m.senderId(), seq);
                return Outcome.applied(messages.findByClientId(c, m.senderId(), m.clientMessageId()).orElseThrow().message());
            });
        } catch (IllegalStateException e) {
            // The same client id raced in from another room: it committed first, so answer with it.
            if (e.getCause() instanceof SQLException sql && SqlStates.is(sql, SqlStates.UNIQUE_VIOLATION)) {
                return tx.read(c -> earlier(c, m)).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** The earlier post of this client message id, if any, checked to be the same request. */
    Optional<Outcome<Message>> earlier(Connection c, NewMessage m) throws SQLException {
        var stored = messages.findByClientId(c, m.senderId(), m.clientMessageId());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().requestHash().equals(m.fingerprint())) {
            throw Problem.of(422, "client-message-id-reused", "Client message id reused for a different message")
                    .detail("Message id '" + m.clientMessageId() + "' was already used by " + m.senderId()
                            + " for a different message; use a new id for a new message.")
                    .exception();
        }
        return Optional.of(Outcome.replayed(stored.get().message()));
    }

    /** A page of the room's history as seen by {@code userId}, newest first. */
    public Page<Message> history(String roomId, String userId, Long before, int limit) {
        return tx.read(c -> {
            if (rooms.find(c, roomId).isEmpty()) {
                throw ProblemException.notFound("room", roomId);
            }
            if (!rooms.isMember(c, roomId, userId)) {
                throw notAMember(roomId, userId);
            }
            return Page.of(messages.page(c, roomId, before, limit + 1), limit, Message::seq);
        });
    }

    /** Marks the room read by {@code userId} up to {@code seq}; positions only move forward. */
    public Unread markRead(String roomId, String userId, long seq) {
        tx.write(c -> {
            if (rooms.find(c, roomId).isEmpty()) {
                throw ProblemException.notFound("room", roomId);
            }
            if (!rooms.isMember(c, roomId, userId)) {
                throw notAMember(roomId, userId);
            }
            rooms.markRead(c, roomId, userId, seq);
            return null;
        });
        return unread(userId);
    }

    public Unread unread(String userId) {
        return tx.read(c -> {
            if (users.find(c, userId).isEmpty()) {
                throw ProblemException.notFound("user", userId);
            }
            var perRoom = rooms.unread(c, userId);
            return new Unread(userId, perRoom.stream().mapToLong(Unread.RoomUnread::unread).sum(), perRoom);
        });
    }

    /** Rooms a user is not in do not exist for them: same answer as an unknown room. */
    static ProblemException notAMember(String roomId, String userId) {
        return ProblemException.notFound("room", roomId);
    }
}
