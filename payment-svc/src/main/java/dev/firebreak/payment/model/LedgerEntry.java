package dev.firebreak.payment.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One line of a wallet's history: signed amount (negative leaves the wallet) and the balance after it. */
public record LedgerEntry(long entryId, UUID transferId, TransferKind kind, long amount, long balanceAfter,
        String counterparty, String memo, OffsetDateTime createdAt) {
}
