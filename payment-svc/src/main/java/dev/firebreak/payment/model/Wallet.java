package dev.firebreak.payment.model;

import java.time.OffsetDateTime;

/** A user's wallet: its balance in whole won. */
public record Wallet(String userId, long balance, String currency, OffsetDateTime createdAt) {
}
