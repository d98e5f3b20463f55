package dev.firebreak.messaging.service;

import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.messaging.model.Message;
import dev.firebreak.messaging.model.MessageKind;
import dev.firebreak.messaging.repository.RoomRepository;
import dev.firebreak.messaging.repository.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Service notices to one user (Kakao T's "your driver is on the way"), delivered into that
 * user's notice room {@code notices.<userId>}, which is made on first use.
 */
@ApplicationScoped
public class NoticeService {

    private final Transactions tx;
    private final RoomRepository rooms;
    private final UserRepository users;
    private final MessageService messages;

    public NoticeService(Transactions tx, RoomRepository rooms, UserRepository users, MessageService messages) {
        this.tx = tx;
        this.rooms = rooms;
        this.users = users;
        this.messages = messages;
    }

    public Outcome<Message> notify(String userId, String from, String clientMessageId, String text) {
        String roomId = RoomService.NOTICE_ROOM_PREFIX + userId;
        tx.write(c -> {
            if (users.find(c, userId).isEmpty()) {
                throw ProblemException.notFound("user", userId);
            }
            var sender = users.find(c, from);
            if (sender.isEmpty()) {
                throw ProblemException.unprocessable("unknown-sender", "Unknown notice sender",
                        "'" + from + "' is not a service that may send notices.");
            }
            rooms.create(c, roomId, sender.get().displayName() + " notices", "NOTICE", from);
            rooms.addMember(c, roomId, userId);
            rooms.addMember(c, roomId, from);
            return null;
        });
        return messages.post(new NewMessage(roomId, from, clientMessageId, MessageKind.NOTICE, text, null, null));
    }
}
