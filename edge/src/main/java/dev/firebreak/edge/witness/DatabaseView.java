package dev.firebreak.edge.witness;

import java.util.List;
import java.util.Optional;

/**
 * One region's database as the witness saw it in one observation.
 *
 * @param synchronousStandbyNames a primary's setting: empty when replication is asynchronous
 * @param standbys a primary's {@code pg_stat_replication}
 * @param receiving a standby's WAL receiver is streaming
 * @param upstreamSilenceMs a standby's time since its last message from its upstream (null when not streaming)
 * @param upstreamHost a standby's upstream, as it connected to it
 * @param commitWaitMs a primary's longest wait of a commit for its synchronous standby, so far (0: none waits)
 */
public record DatabaseView(String region, boolean inRecovery, String synchronousStandbyNames, List<Standby> standbys, boolean receiving,
        Long upstreamSilenceMs, String upstreamHost, long commitWaitMs) {

    /** A view in which no commit waits. */
    public DatabaseView(String region, boolean inRecovery, String synchronousStandbyNames, List<Standby> standbys, boolean receiving,
            Long upstreamSilenceMs, String upstreamHost) {
        this(region, inRecovery, synchronousStandbyNames, standbys, receiving, upstreamSilenceMs, upstreamHost, 0);
    }

    /** One standby as its primary sees it; {@code replySilenceMs}: time since its last reply. */
    public record Standby(String name, String state, String syncState, long replayLagBytes, long replySilenceMs) {

        public boolean streaming() {
            return "streaming".equals(state);
        }
    }

    public boolean primary() {
        return !inRecovery;
    }

    public boolean synchronous() {
        return synchronousStandbyNames != null && !synchronousStandbyNames.isBlank();
    }

    public Optional<Standby> standby(String name) {
        return standbys.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
