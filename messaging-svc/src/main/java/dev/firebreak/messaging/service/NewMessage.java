package dev.firebreak.messaging.service;

import dev.firebreak.common.idempotency.RequestFingerprint;
import dev.firebreak.messaging.model.MessageKind;
import java.util.UUID;

/** A message to post; {@code (senderId, clientMessageId)} makes posting it idempotent. */
public record NewMessage(String roomId, String senderId, String clientMessageId, MessageKind kind, String text,
        UUID transferId, Long amount) {

    /** What the sender asked for; a resend must ask for the same. */
    String fingerprint() {
        return RequestFingerprint.of(roomId, kind, text, amount);
    }
}
