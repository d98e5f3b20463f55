package dev.firebreak.payment.service;

import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.idempotency.RequestFingerprint;
import dev.firebreak.common.idempotency.ScopedKey;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.payment.config.PaymentConfig;
import dev.firebreak.payment.model.Account;
import dev.firebreak.payment.model.LedgerAudit;
import dev.firebreak.payment.model.Transfer;
import dev.firebreak.payment.model.TransferKind;
import dev.firebreak.payment.repository.AccountRepository;
import dev.firebreak.payment.repository.AuditRepository;
import dev.firebreak.payment.repository.TransferRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Moves money. Each movement is one database transaction that locks both accounts in id order
 * (for the top-up source and merchants, one shard of the account: db/migration/V2), claims the
 * Idempotency-Key among its sender's keys (db/migration/V3), refuses an overdraft, and writes two
 * balancing entries; a
 * refused request rolls back whole, so it changes nothing and does not consume its key.
 */
@ApplicationScoped
public class TransferService {

    private final Transactions tx;
    private final AccountRepository accounts;
    private final TransferRepository transfers;
    private final AuditRepository audits;
    private final PaymentConfig config;

    public TransferService(Transactions tx, AccountRepository accounts, TransferRepository transfers,
            AuditRepository audits, PaymentConfig config) {
        this.tx = tx;
        this.accounts = accounts;
        this.transfers = transfers;
        this.audits = audits;
        this.config = config;
    }

    /** Money entering {@code userId}'s wallet from outside. */
    public Outcome<Transfer> topUp(ScopedKey key, String userId, long amount, String memo) {
        return move(key, TransferKind.TOP_UP, "SYSTEM", "top-up", "USER", userId, amount, memo);
    }

    /** Wallet to wallet. */
    public Outcome<Transfer> transfer(ScopedKey key, String fromUserId, String toUserId, long amount, String memo) {
        if (fromUserId.equals(toUserId)) {
            throw ProblemException.unprocessable("same-wallet", "Cannot transfer to the same wallet",
                    "The sender and the recipient are both '" + fromUserId + "'.");
        }
        return move(key, TransferKind.TRANSFER, "USER", fromUserId, "USER", toUserId, amount, memo);
    }

    /** Wallet to merchant (e.g. a taxi fare to {@code kakao-t}). */
    public Outcome<Transfer> pay(ScopedKey key, String payerId, String merchantId, long amount, String reference) {
        return move(key, TransferKind.PAYMENT, "USER", payerId, "MERCHANT", merchantId, amount, reference);
    }

    public Transfer find(UUID transferId) {
        return tx.read(c -> transfers.findById(c, transferId))
                .orElseThrow(() -> ProblemException.notFound("transfer", transferId));
    }

    public LedgerAudit audit() {
        return tx.read(audits::audit);
    }

    private Outcome<Transfer> move(ScopedKey key, TransferKind kind, String debitKind, String debitOwner,
            String creditKind, String creditOwner, long amount, String memo) {
        if (amount > config.maxAmount()) {
            throw Problem.of(422, "amount-too-large", "Amount too large")
                    .detail("One " + kind.name().toLowerCase().replace('_', '-') + " may move at most " + config.maxAmount() + " won.")
                    .with("maxAmount", config.maxAmount())
                    .exception();
        }
        String fingerprint = RequestFingerprint.of(kind, debitKind, debitOwner, creditKind, creditOwner, amount, memo);
        return tx.write(c -> {
            var earlier = transfers.findByKey(c, key);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint, key);
            }
            long debit = accountId(c, debitKind, debitOwner, key.key());
            long credit = accountId(c, creditKind, creditOwner, key.key());
            // Lock before claiming the key: a concurrent request with the same key then waits here
            // and afterwards finds the key taken, and transfers between the same wallets queue up.
            List<Account> locked = accounts.lockInOrder(c, debit, credit);
            Account from = locked.get(0).id() == debit ? locked.get(0) : locked.get(1);
            Account to = from == locked.get(0) ? locked.get(1) : locked.get(0);
            UUID id = UUID.randomUUID();
            if (!transfers.claim(c, id, key, fingerprint, kind, debit, credit, amount, memo)) {
                return replay(transfers.findByKey(c, key).orElseThrow(), fingerprint, key);
            }
            if (!from.mayGoNegative() && from.balance() < amount) {
                throw Problem.of(409, "insufficient-funds", "Insufficient funds")
                        .detail("Wallet '" + debitOwner + "' holds " + from.balance() + " won; " + amount + " won were asked for.")
                        .with("balance", from.balance())
                        .with("amount", amount)
                        .exception();
            }
            accounts.addToBalance(c, from.id(), -amount);
            accounts.addToBalance(c, to.id(), amount);
            transfers.addEntry(c, id, from.id(), -amount, from.balance() - amount);
            transfers.addEntry(c, id, to.id(), amount, to.balance() + amount);
            return Outcome.applied(transfers.findById(c, id).orElseThrow());
        });
    }

    /** A wallet, or the shard of the top-up source or merchant this key falls on. */
    private long accountId(Connection c, String kind, String owner, String key) throws SQLException {
        return switch (kind) {
            case "USER" -> accounts.findWalletId(c, owner).orElseThrow(() -> ProblemException.notFound("wallet", owner));
            case "MERCHANT" -> accounts.findShardId(c, kind, owner, key).orElseThrow(() -> ProblemException.notFound("merchant", owner));
            default -> accounts.findShardId(c, kind, owner, key).orElseThrow(() -> new IllegalStateException("No " + kind + " account " + owner));
        };
    }

    /** {@code earlier} was made with the same caller's key: only that caller ever learns of it. */
    private static Outcome<Transfer> replay(TransferRepository.Stored earlier, String fingerprint, ScopedKey key) {
        if (!earlier.requestHash().equals(fingerprint)) {
            throw Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused for a different request")
                    .detail("Your key '" + key.key() + "' already moved money for a different request (transfer "
                            + earlier.transfer().transferId() + "); use a new key for a new request.")
                    .with("transferId", earlier.transfer().transferId())
                    .exception();
        }
        return Outcome.replayed(earlier.transfer());
    }
}
