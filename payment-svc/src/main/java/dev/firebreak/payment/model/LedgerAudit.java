package dev.firebreak.payment.model;

/**
 * The ledger's invariants, checked over every row. {@code healthy} is true only when money is
 * conserved (all balances sum to zero), no user or merchant balance is negative, every balance
 * equals the sum of its entries, and every transfer is two entries summing to zero.
 */
public record LedgerAudit(long accounts, long transfers, long moneyInWallets, long totalBalance,
        long negativeBalances, long balancesNotMatchingEntries, long unbalancedTransfers, boolean healthy) {
}
