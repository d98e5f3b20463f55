package dev.firebreak.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void operationsOfTheWarmUpKeepTheirRealTimeOrderOnceTheLoadStarts() {
        AtomicLong start = new AtomicLong(0);
        History h = new History(start::get);
        // During the warm-up: the load's start is not known yet.
        h.add("u1", "send", History.Type.OK, 2_000_000, 3_000_000, "region-a", Map.of("room", "r", "clientMessageId", "m1", "seq", 1));
        start.set(10_000_000); // the measured load starts at 10 ms
        h.add("u1", "read-room", History.Type.OK, 11_000_000, 12_000_000, "region-a", Map.of("room", "r", "messages", List.of()));

        List<History.Op> ops = h.ops();
        assertThat(ops).extracting(History.Op::invoke).containsExactly(-8.0, 1.0);
        assertThat(ops.get(0).before(ops.get(1))).isTrue();
        // The read that came after the send and showed an empty room is caught as going back in time.
        assertThat(Checker.check(ops).violations().get(Rule.CHAT_MONOTONIC_READS)).hasSize(1);
    }

    @Test
    void aHistoryMergedFromAnotherKeepsItsTimes() {
        History main = new History(() -> 1_000_000);
        History pass = new History(() -> 5_000_000);
        pass.add("read-back", "final-room", History.Type.OK, 7_000_000, 8_000_000, null, Map.of("room", "r", "messages", List.of()));
        main.addAll(pass);

        assertThat(main.ops()).singleElement().satisfies(op -> {
            assertThat(op.invoke()).isEqualTo(6.0);
            assertThat(op.complete()).isEqualTo(7.0);
        });
    }
}
