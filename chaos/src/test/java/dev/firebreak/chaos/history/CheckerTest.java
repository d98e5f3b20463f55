package dev.firebreak.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rule of the checker on a small history that holds, then with one violation planted: the
 * checker must name that rule, and only that rule, with the operations that show it.
 */
class CheckerTest {

    /** Builds a history by hand, times in ms since the load started. */
    private static final class Script {
        private final History history = new History(() -> 0);

        Script op(String process, String f, History.Type type, double invokeMs, double completeMs, Map<String, ?> value) {
            history.add(process, f, type, (long) (invokeMs * 1e6), (long) (completeMs * 1e6), "region-a", value);
            return this;
        }

        Script ok(String process, String f, double invokeMs, double completeMs, Map<String, ?> value) {
            return op(process, f, History.Type.OK, invokeMs, completeMs, value);
        }

        Verdict check() {
            return Checker.check(history.ops());
        }
    }

    private static final double END = 100_000;

    /** A room, a wallet and a ride that break no rule. */
    private static Script healthy() {
        return new Script()
                .ok("u1", "send", 0, 10, Map.of("room", "r", "clientMessageId", "m1", "seq", 1))
                .ok("u2", "send", 5, 20, Map.of("room", "r", "clientMessageId", "m2", "seq", 2))
                .ok("u1", "read-room", 30, 40, Map.of("room", "r", "messages", List.of(List.of("m2", 2), List.of("m1", 1))))
                .op("u2", "send", History.Type.UNKNOWN, 50, 60, Map.of("room", "r", "clientMessageId", "m3"))
                .ok("auditor", "audit", 0, 5, Map.of("healthy", true, "totalBalance", 0))
                .ok("u1", "top-up", 0, 10, Map.of("key", "k1", "user", "u1", "amount", 100, "transferId", "t1"))
                .ok("u1", "read-balance", 20, 30, Map.of("user", "u1", "entryId", 11, "balance", 100))
                .ok("u1", "transfer", 40, 50, Map.of("key", "k2", "from", "u1", "to", "u2", "amount", 30, "transferId", "t2"))
                .ok("u1", "read-balance", 60, 70, Map.of("user", "u1", "entryId", 15, "balance", 70))
                .op("u1", "transfer", History.Type.UNKNOWN, 80, 90, Map.of("key", "k3", "from", "u1", "to", "u2", "amount", 5))
                .ok("u1", "request-ride", 0, 10, Map.of("key", "rk1", "rider", "u1", "rideId", "ride1", "driver", "d1", "status", "MATCHED"))
                .ok("u1", "read-ride", 12, 14, Map.of("rideId", "ride1", "status", "MATCHED"))
                .ok("d1", "pickup", 15, 20, Map.of("rideId", "ride1", "status", "PICKED_UP"))
                .ok("d1", "complete", 25, 30, Map.of("rideId", "ride1", "status", "COMPLETED"))
                .ok("u2", "request-ride", 31, 40, Map.of("key", "rk2", "rider", "u2", "rideId", "ride2", "driver", "d1", "status", "MATCHED"))
                .ok("u2", "cancel", 45, 50, Map.of("rideId", "ride2", "status", "CANCELLED"))
                .ok("read-back", "final-room", END, END, Map.of("room", "r", "messages", List.of(List.of("m1", 1), List.of("m2", 2),
                        List.of("m3", 3))))
                .ok("read-back", "final-ledger", END, END, Map.of("user", "u1", "entries", List.of(List.of(11, "t1"), List.of(15, "t2"),
                        List.of(16, "t3"), List.of(20, "fare1"))))
                .ok("read-back", "final-transfer", END, END, Map.of("transferId", "t3", "key", "k3"))
                .ok("read-back", "final-ride", END, END, Map.of("rideId", "ride1", "rider", "u1", "driver", "d1", "status", "COMPLETED",
                        "charge", "SETTLED", "transferId", "fare1"))
                .ok("read-back", "final-ride", END, END, Map.of("rideId", "ride2", "rider", "u2", "driver", "d1", "status", "CANCELLED"))
                .ok("read-back", "final-driver", END, END, Map.of("driver", "d1"));
    }

    private static void onlyRuleBroken(Verdict v, Rule rule) {
        assertThat(v.passed()).isFalse();
        v.violations().forEach((r, found) -> {
            if (r == rule) {
                assertThat(found).as(r.id()).isNotEmpty();
                assertThat(found).allSatisfy(x -> assertThat(x.evidence()).isNotEmpty());
            } else {
                assertThat(found).as(r.id() + " should hold").isEmpty();
            }
        });
    }

    @Test
    void aHealthyHistoryBreaksNoRuleAndResolvesEveryDoubt() {
        Verdict v = healthy().check();

        assertThat(v.violations()).allSatisfy((rule, found) -> assertThat(found).as(rule.id()).isEmpty());
        assertThat(v.perRule()).hasSize(Rule.values().length);
        assertThat(v.inDoubt()).isEqualTo(2);
        assertThat(v.inDoubtCommitted()).isEqualTo(2);
    }

    @Test
    void aGapInARoomIsCaught() {
        Script s = healthy().ok("read-back", "final-room", END, END, Map.of("room", "r", "messages",
                List.of(List.of("m1", 1), List.of("m2", 2), List.of("m3", 4))));
        onlyRuleBroken(s.check(), Rule.CHAT_GAPLESS);
    }

    @Test
    void aMessageAReaderSawThatLaterVanishedIsCaught() {
        Script s = healthy().ok("u2", "read-room", 70, 80, Map.of("room", "r", "messages", List.of(List.of("ghost", 3))));
        Verdict v = s.check();
        // The ghost took #3, which the read-back gives to m3: the ghost is gone.
        onlyRuleBroken(v, Rule.CHAT_NO_VANISHED_READS);
        assertThat(v.violations().get(Rule.CHAT_NO_VANISHED_READS).get(0).what()).contains("ghost", "gone");
    }

    @Test
    void aRoomGoingBackInTimeForOneClientIsCaught() {
        Script s = healthy().ok("u1", "read-room", 45, 48, Map.of("room", "r", "messages", List.of(List.of("m1", 1))));
        onlyRuleBroken(s.check(), Rule.CHAT_MONOTONIC_READS);
    }

    @Test
    void overlappingReadsMayDisagreeWithoutBreakingMonotonicity() {
        // Invoked before the read at 30-40 completed: no real-time order between them.
        Script s = healthy().ok("u1", "read-room", 35, 48, Map.of("room", "r", "messages", List.of(List.of("m1", 1))));
        assertThat(s.check().passed()).isTrue();
    }

    @Test
    void anAuditThatFoundMoneyMissingIsCaught() {
        Script s = healthy().ok("auditor", "audit", 40, 45, Map.of("healthy", false, "totalBalance", -30));
        onlyRuleBroken(s.check(), Rule.MONEY_CONSERVED);
    }

    @Test
    void aNegativeBalanceReadIsCaught() {
        Script s = healthy().ok("u2", "read-balance", 70, 75, Map.of("user", "u2", "entryId", 12, "balance", -5));
        onlyRuleBroken(s.check(), Rule.NO_NEGATIVE_BALANCE);
    }

    @Test
    void aBalanceOlderThanOneReadBeforeIsCaught() {
        // Entry 13 is newer than 11 (read at 20-30) but older than 15 (read at 60-70).
        Script s = healthy().ok("u1", "read-balance", 71, 72, Map.of("user", "u1", "entryId", 13, "balance", 90));
        Verdict v = s.check();
        assertThat(v.violations().get(Rule.BALANCE_MONOTONIC_READS)).hasSize(1);
        assertThat(v.violations().get(Rule.BALANCE_MONOTONIC_READS).get(0).evidence()).extracting(History.Op::f)
                .containsExactly("read-balance", "read-balance");
    }

    @Test
    void aBalanceThatMissesATransferTheClientWasToldSucceededIsCaught() {
        // Told at 50 ms that t2 (entry 15) succeeded; read at 55 ms as of entry 11.
        Script s = new Script()
                .ok("u1", "transfer", 40, 50, Map.of("key", "k2", "from", "u1", "to", "u2", "amount", 30, "transferId", "t2"))
                .ok("u1", "read-balance", 55, 56, Map.of("user", "u1", "entryId", 11, "balance", 100))
                .ok("read-back", "final-ledger", END, END, Map.of("user", "u1", "entries", List.of(List.of(11, "t1"), List.of(15, "t2"))));
        onlyRuleBroken(s.check(), Rule.BALANCE_READ_YOUR_WRITES);
    }

    @Test
    void aRideSeenGoingBackIsCaught() {
        Script s = healthy().ok("u1", "read-ride", 31, 32, Map.of("rideId", "ride1", "status", "MATCHED"));
        onlyRuleBroken(s.check(), Rule.RIDE_LEGAL_ORDER);
    }

    @Test
    void aRideCancelledAfterItsPickupIsCaught() {
        Script s = healthy().ok("u3", "request-ride", 0, 10, Map.of("key", "rk3", "rider", "u3", "rideId", "ride3", "driver", "d3",
                "status", "MATCHED"))
                .ok("d3", "pickup", 11, 12, Map.of("rideId", "ride3", "status", "PICKED_UP"))
                .ok("u3", "cancel", 13, 14, Map.of("rideId", "ride3", "status", "CANCELLED"))
                .ok("read-back", "final-ride", END, END, Map.of("rideId", "ride3", "rider", "u3", "driver", "d3", "status", "CANCELLED"));
        onlyRuleBroken(s.check(), Rule.RIDE_LEGAL_ORDER);
    }

    @Test
    void aDriverOnTwoActiveRidesIsCaught() {
        // d1 is matched to ride3 at 22 ms, before ride1 (active until its completion was asked at 25 ms) ended.
        Script s = healthy().ok("u3", "request-ride", 16, 22, Map.of("key", "rk3", "rider", "u3", "rideId", "ride3", "driver", "d1",
                "status", "MATCHED"))
                .ok("u3", "cancel", 60, 61, Map.of("rideId", "ride3", "status", "CANCELLED"))
                .ok("read-back", "final-ride", END, END, Map.of("rideId", "ride3", "rider", "u3", "driver", "d1", "status", "CANCELLED"));
        onlyRuleBroken(s.check(), Rule.RIDE_ONE_PER_DRIVER);
    }

    @Test
    void aFareChargedTwiceIsCaught() {
        Script s = healthy().ok("read-back", "final-ledger", END, END, Map.of("user", "u1", "entries", List.of(List.of(11, "t1"),
                List.of(15, "t2"), List.of(16, "t3"), List.of(20, "fare1"), List.of(21, "fare1"))));
        onlyRuleBroken(s.check(), Rule.RIDE_FARE_ONCE);
    }

    @Test
    void aCompletedRideNeverChargedIsCaught() {
        Script s = healthy().ok("read-back", "final-ride", END, END, Map.of("rideId", "ride1", "rider", "u1", "driver", "d1",
                "status", "COMPLETED", "charge", "PENDING"));
        onlyRuleBroken(s.check(), Rule.RIDE_FARE_ONCE);
    }

    @Test
    void aWriteInDoubtThatTheReadBackCannotSettleIsCaughtNotGuessed() {
        Script s = healthy().op("u9", "transfer", History.Type.UNKNOWN, 80, 90, Map.of("key", "k9", "from", "u9", "to", "u1",
                "amount", 5));
        Verdict v = s.check();
        onlyRuleBroken(v, Rule.IN_DOUBT_RESOLVED);
        assertThat(v.inDoubt()).isEqualTo(2);
    }

    @Test
    void theHistoryFileReadsBackAsItWasWritten(@TempDir Path dir) {
        History h = healthy().history;
        h.write(dir.resolve("history.jsonl"));

        List<History.Op> read = History.read(dir.resolve("history.jsonl"));
        assertThat(read).isEqualTo(h.ops());
        assertThat(Checker.check(read).passed()).isTrue();
    }
}
