package dev.firebreak.payment.service;

import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.paging.Page;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.payment.model.LedgerEntry;
import dev.firebreak.payment.model.Wallet;
import dev.firebreak.payment.repository.AccountRepository;
import dev.firebreak.payment.repository.TransferRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Opening wallets and reading balances and history. */
@ApplicationScoped
public class WalletService {

    private final Transactions tx;
    private final AccountRepository accounts;
    private final TransferRepository transfers;

    public WalletService(Transactions tx, AccountRepository accounts, TransferRepository transfers) {
        this.tx = tx;
        this.accounts = accounts;
        this.transfers = transfers;
    }

    /** Opens the user's wallet; opening it again returns the existing one. */
    public Outcome<Wallet> open(String userId) {
        return tx.write(c -> {
            boolean created = accounts.createWallet(c, userId);
            Wallet wallet = accounts.findWallet(c, userId).orElseThrow();
            return created ? Outcome.applied(wallet) : Outcome.replayed(wallet);
        });
    }

    public Wallet get(String userId) {
        return tx.read(c -> accounts.findWallet(c, userId)).orElseThrow(() -> ProblemException.notFound("wallet", userId));
    }

    /** The wallet's entries, newest first. */
    public Page<LedgerEntry> history(String userId, Long before, int limit) {
        return tx.read(c -> {
            long id = accounts.findWalletId(c, userId).orElseThrow(() -> ProblemException.notFound("wallet", userId));
            return Page.of(transfers.history(c, id, before, limit + 1), limit, LedgerEntry::entryId);
        });
    }
}
