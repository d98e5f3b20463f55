package dev.firebreak.chaos.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a wallet: money conserved at every audit; no balance read negative; a client's
 * balance never older than one it read before, nor than a write it was told succeeded. A balance
 * read is the wallet's newest ledger entry ({@code read-balance}: {@code user}, {@code entryId},
 * {@code balance}); entries of one wallet are numbered in commit order (each is written under the
 * wallet's row lock), so a lower number is an older balance. Operations: {@code top-up}
 * ({@code key}, {@code user}), {@code transfer} ({@code key}, {@code from}, {@code to}), both with
 * {@code transferId} when acknowledged; {@code audit}; the read-back's {@code final-ledger}
 * ({@code user}, {@code entries}: [[entryId, transferId], ...]) and {@code final-transfer}
 * ({@code transferId}, {@code key}: what a transfer nobody saw acknowledged was asked as).
 */
final class PaymentRules {

    private PaymentRules() {
    }

    static void check(List<History.Op> ops, Verdict.Builder found, Checker.Doubts doubts) {
        Map<String, Map<String, Long>> entryOf = new HashMap<>();
        Set<String> committedKeys = new HashSet<>();
        for (History.Op op : ops) {
            if (op.f().equals("final-ledger") && op.ok()) {
                Map<String, Long> entries = new HashMap<>();
                for (JsonNode e : op.value().path("entries")) {
                    entries.put(e.get(1).asText(), e.get(0).asLong());
                }
                entryOf.put(op.value().path("user").asText(), entries);
            } else if (op.f().equals("final-transfer") && op.ok()) {
                committedKeys.add(op.value().path("key").asText());
            }
        }
        Map<String, List<History.Op>> reads = new HashMap<>();
        Map<String, List<History.Op>> writes = new HashMap<>();
        for (History.Op op : ops) {
            switch (op.f()) {
                case "audit" -> {
                    if (op.ok() && !op.value().path("healthy").asBoolean(false)) {
                        found.add(Rule.MONEY_CONSERVED, "the ledger audit failed during the run: total balance "
                                + op.value().path("totalBalance").asLong() + ", " + op.value().path("negativeBalances").asLong()
                                + " negative balances, " + op.value().path("unbalancedTransfers").asLong() + " unbalanced transfers", op);
                    }
                }
                case "read-balance" -> {
                    if (op.ok()) {
                        if (op.value().path("balance").asLong() < 0) {
                            found.add(Rule.NO_NEGATIVE_BALANCE, op.process() + " read a balance of " + op.value().path("balance").asLong(), op);
                        }
                        reads.computeIfAbsent(op.value().path("user").asText(), k -> new ArrayList<>()).add(op);
                    }
                }
                case "top-up", "transfer" -> {
                    String user = op.f().equals("top-up") ? op.value().path("user").asText() : op.value().path("from").asText();
                    if (op.ok()) {
                        writes.computeIfAbsent(user, k -> new ArrayList<>()).add(op);
                    } else if (op.unknown()) {
                        if (!entryOf.containsKey(user)) {
                            found.add(Rule.IN_DOUBT_RESOLVED, op.f() + " " + op.value().path("key").asText() + " is in doubt and " + user
                                    + "'s ledger was not read back", op);
                        } else {
                            doubts.resolved(committedKeys.contains(op.value().path("key").asText()));
                        }
                    }
                }
                default -> {
                }
            }
        }
        reads.forEach((user, seen) -> {
            RealTime readBefore = new RealTime(seen, PaymentRules::entry);
            Map<String, Long> ledger = entryOf.getOrDefault(user, Map.of());
            RealTime toldBefore = new RealTime(writes.getOrDefault(user, List.of()),
                    w -> ledger.getOrDefault(w.value().path("transferId").asText(), Long.MIN_VALUE));
            for (History.Op read : seen) {
                History.Op earlier = readBefore.highestBefore(read);
                if (earlier != null && entry(read) < entry(earlier)) {
                    found.add(Rule.BALANCE_MONOTONIC_READS, user + " read its balance as of entry " + entry(read)
                            + " after it had read it as of entry " + entry(earlier), earlier, read);
                }
                History.Op told = toldBefore.highestBefore(read);
                Long wrote = told == null ? null : ledger.get(told.value().path("transferId").asText());
                if (wrote != null && entry(read) < wrote) {
                    found.add(Rule.BALANCE_READ_YOUR_WRITES, user + " read its balance as of entry " + entry(read) + " after it was told "
                            + told.f() + " " + told.value().path("transferId").asText() + " (entry " + wrote + ") succeeded", told, read);
                }
            }
        });
    }

    /** The newest ledger entry a balance read showed (0: none yet). */
    private static long entry(History.Op read) {
        return read.value().path("entryId").asLong(0);
    }
}
