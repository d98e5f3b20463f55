package dev.firebreak.payment.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One movement of money, recorded as two ledger entries. {@code from} and {@code to} name the
 * owners: a user id, a merchant id, or {@code top-up} for money entering from outside.
 */
public record Transfer(UUID transferId, TransferKind kind, String from, String to, long amount, String currency,
        String memo, String idempotencyKey, OffsetDateTime createdAt) {
}
