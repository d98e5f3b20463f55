package dev.firebreak.messaging.service;

import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.idempotency.RequestFingerprint;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.messaging.client.TransferRequest;
import dev.firebreak.messaging.client.TransferResult;
import dev.firebreak.messaging.model.Message;
import dev.firebreak.messaging.model.MessageKind;
import dev.firebreak.messaging.repository.RoomRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * "Send money in chat": moves the money through payment-svc, then posts a MONEY message. The
 * payment's Idempotency-Key derives from (sender, clientMessageId), so a retry after any failure,
 * before or after payment-svc applied the transfer, moves the money once and posts once.
 */
@ApplicationScoped
public class ChatMoneyService {

    private final Transactions tx;
    private final RoomRepository rooms;
    private final MessageService messages;
    private final PaymentService payments;

    public ChatMoneyService(Transactions tx, RoomRepository rooms, MessageService messages, PaymentService payments) {
        this.tx = tx;
        this.rooms = rooms;
        this.messages = messages;
        this.payments = payments;
    }

    public Outcome<Message> send(String roomId, String senderId, String recipientId, long amount, String clientMessageId,
            String memo) {
        String text = memo != null && !memo.isBlank() ? memo
                : "Sent " + NumberFormat.getIntegerInstance(Locale.US).format(amount) + " won to " + recipientId;
        // The transfer id is not known yet: a resend is recognised by what was asked, not by its result.
        NewMessage asked = new NewMessage(roomId, senderId, clientMessageId, MessageKind.MONEY, text, null, amount);
        var earlier = tx.read(c -> {
            var replay = messages.earlier(c, asked);
            if (replay.isEmpty()) {
                checkParticipants(c, roomId, senderId, recipientId);
            }
            return replay;
        });
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String key = "chat:" + RequestFingerprint.of(senderId, clientMessageId);
        TransferResult transfer = payments.transfer(key, new TransferRequest(recipientId, amount, text));
        return messages.post(new NewMessage(roomId, senderId, clientMessageId, MessageKind.MONEY, text, transfer.transferId(), amount));
    }

    private void checkParticipants(java.sql.Connection c, String roomId, String senderId, String recipientId)
            throws java.sql.SQLException {
        if (rooms.find(c, roomId).isEmpty()) {
            throw ProblemException.notFound("room", roomId);
        }
        if (!rooms.isMember(c, roomId, senderId)) {
            throw MessageService.notAMember(roomId, senderId);
        }
        if (senderId.equals(recipientId)) {
            throw ProblemException.unprocessable("same-wallet", "Cannot send money to yourself",
                    "The sender and the recipient are both '" + senderId + "'.");
        }
        if (!rooms.isMember(c, roomId, recipientId)) {
            throw ProblemException.unprocessable("recipient-not-in-room", "Recipient is not in the room",
                    "'" + recipientId + "' is not a member of room '" + roomId + "'; money can only be sent to members.");
        }
    }
}
