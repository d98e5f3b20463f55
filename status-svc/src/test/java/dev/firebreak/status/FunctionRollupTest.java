package dev.firebreak.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.EdgeView;
import dev.firebreak.status.model.Health;
import dev.firebreak.status.model.Overview;
import dev.firebreak.status.model.Overview.State;
import dev.firebreak.status.model.TargetStatus;
import dev.firebreak.status.service.FunctionRollup;
import dev.firebreak.status.service.FunctionRollup.FunctionState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What users are told about a function, from what status-svc sees of its service in each region. */
class FunctionRollupTest {

    record Fn(String title, String service) implements StatusConfig.Function {
    }

    static final Map<String, StatusConfig.Function> TAXI = Map.of("taxi", new Fn("Taxi", "taxi-svc"));
    static final EdgeView EDGE_UP = new EdgeView(true, "http://edge", Health.UP, Instant.EPOCH, null, "region-a", "region-a",
            Map.of("taxi-svc", "region-a"), Map.of(), Map.of(), Instant.EPOCH);
    static final EdgeView NO_EDGE = new EdgeView(false, null, Health.UNKNOWN, Instant.EPOCH, null, null, null, Map.of(), Map.of(), Map.of(), null);

    static Overview.ServiceView taxi(String region, Health health, Map<String, String> breakers) {
        TargetStatus t = new TargetStatus("taxi-" + region, region, "taxi-svc", "http://taxi." + region, health, Instant.EPOCH, Instant.EPOCH,
                3L, breakers, null, null, null, null);
        State state = health != Health.UP ? State.DOWN : breakers.containsValue("OPEN") ? State.DEGRADED : State.OPERATIONAL;
        return new Overview.ServiceView("taxi-svc", state, health == Health.UP ? 1 : 0, 1, List.of(t));
    }

    static Overview overview(Overview.ServiceView a, Overview.ServiceView b) {
        return new Overview(Instant.EPOCH, State.OPERATIONAL, true,
                List.of(new Overview.RegionView("region-a", a.state(), List.of(a)), new Overview.RegionView("region-b", b.state(), List.of(b))));
    }

    static FunctionState rollup(Overview o, EdgeView edge) {
        return FunctionRollup.rollup(TAXI, o, edge).get(0);
    }

    static final Map<String, String> CLOSED = Map.of("payment", "CLOSED", "payment-peer", "CLOSED");

    @Test
    void bothRegionsServingWithClosedBreakersIsOperational() {
        FunctionState s = rollup(overview(taxi("region-a", Health.UP, CLOSED), taxi("region-b", Health.UP, CLOSED)), EDGE_UP);
        assertThat(s.state()).isEqualTo(State.OPERATIONAL);
        assertThat(s.reasons()).isEmpty();
    }

    @Test
    void paymentsUnreachableFromEitherRegionMeansPendingCharges() {
        Map<String, String> open = Map.of("payment", "OPEN", "payment-peer", "OPEN");
        FunctionState s = rollup(overview(taxi("region-a", Health.UP, open), taxi("region-b", Health.UP, CLOSED)), EDGE_UP);
        assertThat(s.state()).isEqualTo(State.DEGRADED);
        assertThat(s.reasons()).containsExactly(
                "In region-a, taxi cannot reach payments: charges are kept as pending and settle when payments recover.");
    }

    @Test
    void onlyThePeerBreakerOpenLeavesTheLocalPathWorking() {
        Map<String, String> peerOpen = Map.of("payment", "CLOSED", "payment-peer", "OPEN");
        assertThat(rollup(overview(taxi("region-a", Health.UP, peerOpen), taxi("region-b", Health.UP, CLOSED)), EDGE_UP).state())
                .isEqualTo(State.OPERATIONAL);
    }

    @Test
    void aLocalBreakerOpenSendsCallsToTheOtherRegion() {
        Map<String, String> localOpen = Map.of("payment", "OPEN", "payment-peer", "CLOSED");
        FunctionState s = rollup(overview(taxi("region-a", Health.UP, localOpen), taxi("region-b", Health.UP, CLOSED)), NO_EDGE);
        assertThat(s.state()).isEqualTo(State.DEGRADED);
        assertThat(s.reasons()).containsExactly("In region-a, taxi reaches payment in the other region (circuit breaker open).");
    }

    @Test
    void anIdleBreakerHoldsNothingBack() {
        Map<String, String> idle = Map.of("payment", "OPEN_IDLE", "payment-peer", "OPEN_IDLE");
        FunctionState s = rollup(overview(taxi("region-a", Health.UP, idle), taxi("region-b", Health.UP, CLOSED)), EDGE_UP);
        assertThat(s.state()).isEqualTo(State.OPERATIONAL);
        assertThat(s.reasons()).isEmpty();
    }

    @Test
    void aRegionDownIsDegradedAndNoRegionIsDown() {
        FunctionState one = rollup(overview(taxi("region-a", Health.UNREACHABLE, CLOSED), taxi("region-b", Health.UP, CLOSED)), EDGE_UP);
        assertThat(one.state()).isEqualTo(State.DEGRADED);
        assertThat(one.reasons()).containsExactly("region-a cannot serve it; region-b does.");

        FunctionState both = rollup(overview(taxi("region-a", Health.UNREACHABLE, CLOSED), taxi("region-b", Health.DOWN, CLOSED)), EDGE_UP);
        assertThat(both.state()).isEqualTo(State.DOWN);
        assertThat(both.reasons()).containsExactly("Taxi is unavailable: no region can serve it (region-a, region-b down).");
    }

    @Test
    void theEdgeGoneIsSaidButTheRegionsStillServe() {
        EdgeView gone = new EdgeView(true, "http://edge", Health.UNREACHABLE, Instant.EPOCH, "no answer within 1500 ms", "region-a",
                "region-a", Map.of("taxi-svc", "region-a"), Map.of(), Map.of(), Instant.EPOCH);
        FunctionState s = rollup(overview(taxi("region-a", Health.UP, CLOSED), taxi("region-b", Health.UP, CLOSED)), gone);
        assertThat(s.state()).isEqualTo(State.DEGRADED);
        assertThat(s.reasons()).singleElement().asString().startsWith("The global front door (edge) is not answering");
    }

    @Test
    void clientsSentAwayFromTheirPreferredRegionIsDegraded() {
        EdgeView away = new EdgeView(true, "http://edge", Health.UP, Instant.EPOCH, null, "region-a", "region-a",
                Map.of("taxi-svc", "region-b"), Map.of(), Map.of(), Instant.EPOCH);
        FunctionState s = rollup(overview(taxi("region-a", Health.UP, CLOSED), taxi("region-b", Health.UP, CLOSED)), away);
        assertThat(s.reasons()).containsExactly("Clients are sent to region-b instead of region-a.");
    }
}
