package dev.firebreak.messaging.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A message, numbered by {@code seq} within its room. MONEY messages carry the payment-svc
 * transfer that moved the money.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(String roomId, long seq, String senderId, String clientMessageId, MessageKind kind, String text,
        UUID transferId, Long amount, OffsetDateTime createdAt) {
}
