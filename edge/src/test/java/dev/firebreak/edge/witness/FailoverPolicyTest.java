package dev.firebreak.edge.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.edge.witness.FailoverPolicy.Decision;
import dev.firebreak.edge.witness.FailoverPolicy.Observed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rule of the witness, one situation at a time: the safety of a failover lives here. */
class FailoverPolicyTest {

    static final Duration GRACE = Duration.ofSeconds(1);
    static final Duration SILENCE = Duration.ofMillis(1500);
    final FailoverPolicy policy = new FailoverPolicy(new FailoverPolicy.Settings(GRACE, SILENCE, Duration.ofMillis(1200)));
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    static WitnessState aPrimaryBSync() {
        return new WitnessState(1, "region-a", Map.of("region-b", true), null, T0, "test");
    }

    static WitnessState aPrimaryBAsync() {
        return new WitnessState(1, "region-a", Map.of("region-b", false), T0, T0, "test");
    }

    /** A primary replicating synchronously to the other region's standby, heard {@code replyMs} ago. */
    static DatabaseView syncPrimary(String region, String standbyRegion, String syncState, long lag, long replyMs) {
        return new DatabaseView(region, false, "\"" + FailoverPolicy.standbyName(standbyRegion) + "\"",
                List.of(new DatabaseView.Standby(FailoverPolicy.standbyName(standbyRegion), "streaming", syncState, lag, replyMs)), false,
                null, null);
    }

    static DatabaseView asyncPrimary(String region, List<DatabaseView.Standby> standbys) {
        return new DatabaseView(region, false, "", standbys, false, null, null);
    }

    static DatabaseView streamingStandby(String region) {
        return new DatabaseView(region, true, "", List.of(), true, 100L, "postgres.other");
    }

    static DatabaseView orphanStandby(String region, String upstream) {
        return new DatabaseView(region, true, "", List.of(), false, null, upstream);
    }

    /** A Cluster designating {@code primary}. */
    static ClusterView designating(String primary) {
        return new ClusterView(primary, true, "Cluster in healthy state", "", "test", "1");
    }

    /** A region whose database and API server answer; its Cluster's designation unknown. */
    static Observed up(DatabaseView view, Duration replicationSilence) {
        return new Observed(view.region(), view, Duration.ofMillis(100), replicationSilence);
    }

    static Observed up(DatabaseView view, Duration replicationSilence, String designated) {
        return new Observed(view.region(), view, Duration.ofMillis(100), replicationSilence, designating(designated), Duration.ofMillis(100));
    }

    /** A region lost whole: database and API server silent for {@code silence}. */
    static Observed lost(String region, DatabaseView lastSeen, Duration silence) {
        return new Observed(region, lastSeen, silence, Duration.ofDays(1), designating(region), silence);
    }

    /** A region whose database is silent for {@code silence} while its API server answers. */
    static Observed databaseLost(String region, DatabaseView lastSeen, Duration silence) {
        return new Observed(region, lastSeen, silence, Duration.ofDays(1), designating(region), Duration.ofMillis(100));
    }

    @Test
    void promotesTheSynchronousStandbyWhenThePrimaryIsLostToTheWitnessAndToTheStandby() {
        Decision d = policy.decide(aPrimaryBSync(), lost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ofMillis(1200)),
                up(orphanStandby("region-b", "postgres.region-a"), Duration.ofMillis(1600)));
        assertThat(d).isInstanceOfSatisfying(FailoverPolicy.Promote.class, p -> {
            assertThat(p.region()).isEqualTo("region-b");
            assertThat(p.lost()).isEqualTo("region-a");
        });
    }

    @Test
    void waitsForTheGracePeriodBeforeCallingARegionLost() {
        Decision d = policy.decide(aPrimaryBSync(), lost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ofMillis(900)),
                up(orphanStandby("region-b", "postgres.region-a"), Duration.ofMillis(1600)));
        assertThat(d).isNotInstanceOf(FailoverPolicy.Promote.class);
    }

    @Test
    void doesNothingWhenOnlyTheWitnessLostThePrimaryAndTheStandbyStillHearsIt() {
        Decision d = policy.decide(aPrimaryBSync(), lost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ofSeconds(30)),
                up(streamingStandby("region-b"), Duration.ofMillis(100)));
        assertThat(d).isInstanceOf(FailoverPolicy.Nothing.class);
        assertThat(d.reason()).contains("still hears it");
    }

    @Test
    void refusesToPromoteAStandbyThatWasAsynchronousWhenThePrimaryWasLost() {
        Decision d = policy.decide(aPrimaryBAsync(), lost("region-a", asyncPrimary("region-a", List.of()), Duration.ofSeconds(5)),
                up(orphanStandby("region-b", "postgres.region-a"), Duration.ofSeconds(5)));
        assertThat(d).isInstanceOfSatisfying(FailoverPolicy.Refuse.class, r -> assertThat(r.reason()).contains("would lose writes"));
    }

    @Test
    void neverPromotesWhileThePrimaryAnswersTheWitnessEvenIfTheRegionsArePartitioned() {
        // region-b hears nothing from region-a (partition), but the witness reaches both.
        Decision d = policy.decide(aPrimaryBSync(), up(syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ofMillis(200)),
                up(orphanStandby("region-b", "postgres.region-a"), Duration.ofSeconds(10)));
        assertThat(d).isNotInstanceOf(FailoverPolicy.Promote.class);
    }

    @Test
    void degradesToAsynchronousWhenThePrimaryHasNotHeardItsSynchronousStandbyForTheReplicationSilence() {
        DatabaseView primary = new DatabaseView("region-a", false, "\"region_b\"", List.of(), false, null, null);
        Decision d = policy.decide(aPrimaryBSync(), up(primary, Duration.ofMillis(1600)), lost("region-b", null, Duration.ofDays(1)));
        assertThat(d).isInstanceOfSatisfying(FailoverPolicy.Degrade.class, g -> {
            assertThat(g.primary()).isEqualTo("region-a");
            assertThat(g.standby()).isEqualTo("region-b");
        });
        Decision tooSoon = policy.decide(aPrimaryBSync(), up(primary, Duration.ofMillis(1000)), lost("region-b", null, Duration.ofDays(1)));
        assertThat(tooSoon).isNotInstanceOf(FailoverPolicy.Degrade.class);
    }

    @Test
    void degradesSoonerWhenACommitHasWaitedForTheSilentStandbyForTheCommitStall() {
        FailoverPolicy withStall = new FailoverPolicy(new FailoverPolicy.Settings(GRACE, SILENCE, Duration.ofMillis(1200),
                Duration.ofSeconds(1)));
        DatabaseView waiting = new DatabaseView("region-a", false, "\"region_b\"", List.of(), false, null, null, 1100);
        assertThat(withStall.decide(aPrimaryBSync(), up(waiting, Duration.ofMillis(1100)), lost("region-b", null, Duration.ofDays(1))))
                .isInstanceOfSatisfying(FailoverPolicy.Degrade.class, g -> assertThat(g.reason()).contains("a commit has waited for it for 1100 ms"));

        DatabaseView idle = new DatabaseView("region-a", false, "\"region_b\"", List.of(), false, null, null);
        assertThat(withStall.decide(aPrimaryBSync(), up(idle, Duration.ofMillis(1100)), lost("region-b", null, Duration.ofDays(1))))
                .as("an idle standby is quiet for up to a second between its status replies; no commit waits")
                .isNotInstanceOf(FailoverPolicy.Degrade.class);

        // A slow WAN: commits wait the round trip (600 ms and more), and the standby's answers arrive 300 ms late, but they arrive.
        DatabaseView slowLink = new DatabaseView("region-a", false, "\"region_b\"", List.of(), false, null, null, 1400);
        assertThat(withStall.decide(aPrimaryBSync(), up(slowLink, Duration.ofMillis(350)), up(streamingStandby("region-b"), Duration.ofMillis(350))))
                .as("commits wait long, but the standby answers").isNotInstanceOf(FailoverPolicy.Degrade.class);
    }

    @Test
    void restoresSynchronousReplicationOnlyOnceTheStandbyHasCaughtUp() {
        var behind = new DatabaseView.Standby("region_b", "streaming", "async", 4096, 10);
        assertThat(policy.decide(aPrimaryBAsync(), up(asyncPrimary("region-a", List.of(behind)), Duration.ZERO),
                up(streamingStandby("region-b"), Duration.ZERO))).isInstanceOf(FailoverPolicy.Nothing.class);
        var caughtUp = new DatabaseView.Standby("region_b", "streaming", "async", 0, 10);
        assertThat(policy.decide(aPrimaryBAsync(), up(asyncPrimary("region-a", List.of(caughtUp)), Duration.ZERO),
                up(streamingStandby("region-b"), Duration.ZERO))).isInstanceOf(FailoverPolicy.RestoreSync.class);
    }

    @Test
    void asksOnceAndLeavesTheRestToTheOperator() {
        var caughtUp = new DatabaseView.Standby("region_b", "streaming", "async", 0, 10);
        Observed alreadyAsked = new Observed("region-a", asyncPrimary("region-a", List.of(caughtUp)), Duration.ofMillis(100), Duration.ZERO,
                designating("region-a"), Duration.ofMillis(100));
        assertThat(policy.decide(aPrimaryBAsync(), alreadyAsked, up(streamingStandby("region-b"), Duration.ZERO)))
                .as("the Cluster says synchronous already").isInstanceOf(FailoverPolicy.Nothing.class);
        DatabaseView stillSync = new DatabaseView("region-a", false, "\"region_b\"", List.of(), false, null, null);
        Observed degraded = new Observed("region-a", stillSync, Duration.ofMillis(100), Duration.ofMillis(1600),
                new ClusterView("region-a", false, "", "", "", "2"), Duration.ofMillis(100));
        assertThat(policy.decide(aPrimaryBSync(), degraded, lost("region-b", null, Duration.ofDays(1))))
                .as("the Cluster says asynchronous already").isInstanceOf(FailoverPolicy.Nothing.class);
    }

    @Test
    void makesTheStandbyEligibleAgainOnlyWhenThePrimaryReportsItSynchronous() {
        assertThat(policy.decide(aPrimaryBAsync(), up(syncPrimary("region-a", "region-b", "potential", 0, 10), Duration.ZERO),
                up(streamingStandby("region-b"), Duration.ZERO))).isInstanceOf(FailoverPolicy.Nothing.class);
        assertThat(policy.decide(aPrimaryBAsync(), up(syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ZERO),
                up(streamingStandby("region-b"), Duration.ZERO))).isInstanceOf(FailoverPolicy.ConfirmSync.class);
    }

    @Test
    void demotesAnOldPrimaryWhoseClusterStillDesignatesItselfWhenItsApiServerAnswersAgain() {
        WitnessState bPrimary = new WitnessState(2, "region-b", Map.of("region-a", false), T0, T0, "failover");
        Decision d = policy.decide(bPrimary, up(syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ofSeconds(9), "region-a"),
                up(asyncPrimary("region-b", List.of()), Duration.ofSeconds(9), "region-b"));
        assertThat(d).isInstanceOfSatisfying(FailoverPolicy.Designate.class, f -> {
            assertThat(f.region()).isEqualTo("region-a");
            assertThat(f.primary()).isEqualTo("region-b");
        });
    }

    @Test
    void leavesADemotedRegionToItsOperatorOnceItsClusterDesignatesThePrimary() {
        WitnessState bPrimary = new WitnessState(2, "region-b", Map.of("region-a", false), T0, T0, "failover");
        // region-a's database still answers as a primary (its operator has fenced it and waits to rebuild it): no new patch.
        Decision d = policy.decide(bPrimary, up(asyncPrimary("region-a", List.of()), Duration.ofSeconds(9), "region-b"),
                up(asyncPrimary("region-b", List.of()), Duration.ofSeconds(9), "region-b"));
        assertThat(d).isNotInstanceOf(FailoverPolicy.Designate.class);
    }

    @Test
    void finishesAPromotionThatACrashCutShort() {
        // The witness saved region-b as primary (epoch 2), then died before patching region-b's Cluster.
        WitnessState bPrimary = new WitnessState(2, "region-b", Map.of("region-a", false), T0, T0, "failover");
        Decision d = policy.decide(bPrimary, lost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ofSeconds(30)),
                up(orphanStandby("region-b", "postgres.region-a"), Duration.ofSeconds(30), "region-a"));
        assertThat(d).isInstanceOfSatisfying(FailoverPolicy.Designate.class, f -> {
            assertThat(f.region()).isEqualTo("region-b");
            assertThat(f.primary()).isEqualTo("region-b");
        });
    }

    @Test
    void leavesAPrimaryThatIsBackReadOnlyToItsOperator() {
        Decision d = policy.decide(aPrimaryBSync(), up(orphanStandby("region-a", null), Duration.ZERO, "region-a"),
                up(streamingStandby("region-b"), Duration.ofSeconds(3), "region-a"));
        assertThat(d).isInstanceOf(FailoverPolicy.Nothing.class);
        assertThat(d.reason()).contains("operator resumes it");
    }

    @Test
    void demotesTheLostDatabaseThroughItsApiServerWhenOnlyTheDatabaseIsLost() {
        Decision d = policy.decide(aPrimaryBSync(), databaseLost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10),
                Duration.ofMillis(1200)), up(orphanStandby("region-b", "postgres.region-a"), Duration.ofMillis(1600), "region-a"));
        assertThat(d).isInstanceOfSatisfying(FailoverPolicy.Promote.class, p -> assertThat(p.demoteLostFirst()).isTrue());
        Decision whole = policy.decide(aPrimaryBSync(), lost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10),
                Duration.ofMillis(1200)), up(orphanStandby("region-b", "postgres.region-a"), Duration.ofMillis(1600), "region-a"));
        assertThat(whole).isInstanceOfSatisfying(FailoverPolicy.Promote.class, p -> {
            assertThat(p.demoteLostFirst()).isFalse();
            assertThat(p.reason()).contains("the region is lost");
        });
    }

    /** region-b's standby, its primary silent for 1.6 s, its API server silent to the witness for 5 s. */
    static Observed orphanWithoutApi() {
        return new Observed("region-b", orphanStandby("region-b", "postgres.region-a"), Duration.ofMillis(100), Duration.ofMillis(1600),
                designating("region-a"), Duration.ofSeconds(5));
    }

    @Test
    void refusesToPromoteAStandbyWhoseApiServerItCannotReach() {
        Observed bNoApi = orphanWithoutApi();
        Decision d = policy.decide(aPrimaryBSync(), databaseLost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10),
                Duration.ofMillis(1200)), bNoApi);
        assertThat(d).isInstanceOfSatisfying(FailoverPolicy.Refuse.class, r -> assertThat(r.reason()).contains("API server"));
    }

    @Test
    void doesNothingAtAllWhenItReachesNeitherRegionsApiServer() {
        // Even with the primary's database silent to the witness and to the standby: the witness is likely the one cut off.
        Observed bNoApi = orphanWithoutApi();
        Decision d = policy.decide(aPrimaryBSync(), lost("region-a", syncPrimary("region-a", "region-b", "sync", 0, 10),
                Duration.ofSeconds(5)), bNoApi);
        assertThat(d).isInstanceOf(FailoverPolicy.Nothing.class);
        assertThat(d.reason()).contains("neither region's API server");
    }

    @Test
    void cannotDegradeWithoutThePrimarysApiServerAndSaysSo() {
        DatabaseView primary = new DatabaseView("region-a", false, "\"region_b\"", List.of(), false, null, null);
        Observed aNoApi = new Observed("region-a", primary, Duration.ofMillis(100), Duration.ofMillis(1600), designating("region-a"),
                Duration.ofSeconds(5));
        Observed bGone = new Observed("region-b", null, Duration.ofDays(1), Duration.ofDays(1), designating("region-a"), Duration.ofMillis(100));
        Decision d = policy.decide(aPrimaryBSync(), aNoApi, bGone);
        assertThat(d).isInstanceOf(FailoverPolicy.Alarm.class);
    }

    @Test
    void aWitnessWithoutAMemoryAdoptsTheOnlyPrimaryAndRaisesTheAlarmWhenThereAreTwo() {
        Decision one = policy.decide(null, up(syncPrimary("region-a", "region-b", "sync", 0, 10), Duration.ZERO),
                up(streamingStandby("region-b"), Duration.ZERO));
        assertThat(one).isInstanceOfSatisfying(FailoverPolicy.Adopt.class, a -> {
            assertThat(a.primary()).isEqualTo("region-a");
            assertThat(a.standbyEligible()).isTrue();
        });
        Decision two = policy.decide(null, up(asyncPrimary("region-a", List.of()), Duration.ZERO),
                up(asyncPrimary("region-b", List.of()), Duration.ZERO));
        assertThat(two).isInstanceOf(FailoverPolicy.Alarm.class);
        Decision none = policy.decide(null, lost("region-a", null, Duration.ofDays(1)), lost("region-b", null, Duration.ofDays(1)));
        assertThat(none).isInstanceOf(FailoverPolicy.Nothing.class);
    }
}
