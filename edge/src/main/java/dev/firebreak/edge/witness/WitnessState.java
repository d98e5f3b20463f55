package dev.firebreak.edge.witness;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the witness has decided, kept on disk so that a restarted witness does not forget who is
 * primary: the {@code epoch} grows with every change of primary; {@code eligible} says which
 * standbys may be promoted (only one that was synchronous, and is again after a degradation);
 * {@code asyncSince} opens the window in which acknowledged writes exist in one region only.
 */
public record WitnessState(long epoch, String primary, Map<String, Boolean> eligible, Instant asyncSince, Instant decidedAt,
        String reason) {

    public WitnessState {
        eligible = new TreeMap<>(eligible);
    }

    public boolean eligible(String region) {
        return eligible.getOrDefault(region, false);
    }

    public WitnessState withEligible(String region, boolean value, Instant asyncSince, Instant now, String why) {
        Map<String, Boolean> e = new TreeMap<>(eligible);
        e.put(region, value);
        return new WitnessState(epoch, primary, e, asyncSince, now, why);
    }

    /** A new primary: the old one must rejoin before it is eligible again; writes are at risk until a standby is synchronous. */
    public WitnessState promoted(String region, String oldPrimary, Instant now, String why) {
        Map<String, Boolean> e = new TreeMap<>(eligible);
        e.put(region, false);
        e.put(oldPrimary, false);
        return new WitnessState(epoch + 1, region, e, now, now, why);
    }
}
