package dev.firebreak.edge.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.edge.witness.FailoverPolicy.Decision;
import dev.firebreak.edge.witness.FailoverPolicy.Observed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness's rules and hands against two regions whose databases, API servers and power fail
 * at random, with the witness itself crashing at random between saving a decision and sending its
 * patch (and restarting from its state file): no patch it sends ever leaves both regions' Clusters
 * designating themselves while both API servers answer, and once everything is back the two agree
 * on one primary.
 */
class NeverTwoPrimariesTest {

    static final Duration GRACE = Duration.ofSeconds(1);
    static final List<String> REGIONS = List.of("region-a", "region-b");

    /** One region of the model: its power, its database, its API server (as the witness reaches them) and its Cluster. */
    static final class Region {
        final String name;
        boolean db = true;
        boolean api = true;
        String designated = "region-a";

        Region(String name) {
            this.name = name;
        }

        /** What its operator made of the Cluster: the database is the primary when up and designated. */
        boolean primary() {
            return db && api && designated.equals(name);
        }
    }

    static final class Crash extends RuntimeException {
    }

    final Map<String, Region> world = new LinkedHashMap<>();
    final List<String> violations = new ArrayList<>();
    Random random;
    boolean crashNextPatch;
    int patches;

    /** The fake API server of one region: refuses when silent, crashes the witness when told, checks every patch. */
    ClusterApi api(String name) {
        return new ClusterApi() {
            @Override
            public String region() {
                return name;
            }

            @Override
            public ClusterView read() throws RegionApi.Unanswered {
                Region r = world.get(name);
                if (!r.api) {
                    throw new RegionApi.Unanswered(name + " silent", null);
                }
                return new ClusterView(r.designated, true, "Cluster in healthy state", "", "", "1");
            }

            @Override
            public ClusterView patch(String mergePatch) throws RegionApi.Unanswered {
                if (crashNextPatch) {
                    crashNextPatch = false;
                    throw new Crash();
                }
                Region r = world.get(name);
                if (!r.api) {
                    throw new RegionApi.Unanswered(name + " silent", null);
                }
                String primary = mergePatch.replaceAll(".*\"primary\":\"([a-z-]+)\".*", "$1");
                if (!primary.equals(mergePatch)) {
                    r.designated = primary;
                    patches++;
                    designations.add(name + " designates " + primary);
                    Region other = world.values().stream().filter(o -> o != r).findFirst().orElseThrow();
                    if (r.designated.equals(r.name) && other.designated.equals(other.name) && other.api) {
                        violations.add("patch " + patches + " designated " + r.name + " while " + other.name
                                + "'s Cluster, on an API server that answers, designates itself");
                    }
                }
                return read();
            }
        };
    }

    int crashes;
    int promotions;
    final List<String> designations = new ArrayList<>();

    @Test
    void aLostDatabaseWhoseApiServerAnswersIsDemotedOnceThenTheStandbyIsPromoted(@TempDir Path dir) throws Exception {
        REGIONS.forEach(r -> world.put(r, new Region(r)));
        Map<String, ClusterApi> apis = Map.of("region-a", api("region-a"), "region-b", api("region-b"));
        // What the witness last read of each Cluster, a moment before it acts: both designate region-a.
        Actuator actuator = new Actuator(apis, region -> Optional.of(new ClusterView("region-a", true, "", "", "", "1")),
                new WitnessStateStore(dir.resolve("state.json")), (kind, region, detail) -> { }, Clock.systemUTC());
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        actuator.carryOut(new FailoverPolicy.Adopt("region-a", "region-b", true, "test"), now);
        world.get("region-a").db = false;

        actuator.carryOut(new FailoverPolicy.Promote("region-b", "region-a", true, "region-a's database alone is lost"), now.plusSeconds(2));

        // The view the witness read of region-a before its patch still says it designates itself:
        // the demotion it has just made is not sent a second time on the failover's critical path.
        assertThat(designations).containsExactly("region-a designates region-b", "region-b designates region-b");
        assertThat(violations).isEmpty();
    }

    @Test
    void noPatchEverMakesTwoDesignatedPrimariesEvenAcrossWitnessCrashes(@TempDir Path dir) throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            run(seed, dir);
        }
        assertThat(violations).isEmpty();
        assertThat(crashes).as("the witness crashed between deciding and acting").isGreaterThan(40);
        assertThat(promotions).as("regions were lost and standbys promoted").isGreaterThan(20);
    }

    void run(long seed, Path dir) throws Exception {
        random = new Random(seed);
        world.clear();
        REGIONS.forEach(r -> world.put(r, new Region(r)));
        Path stateFile = dir.resolve("state.json");
        Files.deleteIfExists(stateFile);
        Instant[] now = {Instant.parse("2026-12-07T00:00:00Z")};
        Clock clock = Clock.systemUTC(); // only for when patches were sent; the rounds' time is now[0]
        FailoverPolicy policy = new FailoverPolicy(new FailoverPolicy.Settings(GRACE, Duration.ofMillis(1500), Duration.ofMillis(1200)));
        Map<String, ClusterApi> apis = Map.of("region-a", api("region-a"), "region-b", api("region-b"));
        Actuator actuator = newWitness(apis, stateFile, clock);
        for (int round = 0; round < 600; round++) {
            now[0] = now[0].plusSeconds(2);
            if (round < 500 && random.nextInt(8) == 0) {
                Region r = world.get(REGIONS.get(random.nextInt(2)));
                switch (random.nextInt(4)) {
                    case 0 -> { r.db = false; r.api = false; } // power loss
                    case 1 -> { r.db = true; r.api = true; } // power back
                    case 2 -> r.api = !r.api; // the witness loses (or regains) its API server only
                    default -> r.db = !r.db; // its database alone
                }
            }
            if (round == 500) {
                world.values().forEach(r -> { r.db = true; r.api = true; });
            }
            crashNextPatch = round < 500 && random.nextInt(5) == 0;
            String before = actuator.state() == null ? null : actuator.state().primary();
            try {
                Decision d = policy.decide(actuator.state(), observe("region-a"), observe("region-b"));
                apply(actuator, d, now[0]);
            } catch (Crash c) {
                crashes++;
                actuator = newWitness(apis, stateFile, clock); // restarted from what it saved
            }
            if (actuator.state() != null && before != null && !before.equals(actuator.state().primary())) {
                promotions++;
            }
        }
        String primary = actuator.state().primary();
        assertThat(world.values()).as("seed " + seed + ": at the end both Clusters designate the witness's primary").allSatisfy(r ->
                assertThat(r.designated).isEqualTo(primary));
    }

    Actuator newWitness(Map<String, ClusterApi> apis, Path stateFile, Clock clock) {
        return new Actuator(apis, region -> {
            Region r = world.get(region);
            return r.api ? Optional.of(new ClusterView(r.designated, true, "", "", "", "1")) : Optional.empty();
        }, new WitnessStateStore(stateFile), (kind, region, detail) -> { }, clock);
    }

    /** What the witness sees of a region: a synchronous pair while both are up, silence where something is down. */
    Observed observe(String name) {
        Region r = world.get(name);
        Region other = world.values().stream().filter(o -> o != r).findFirst().orElseThrow();
        ClusterView cluster = new ClusterView(r.designated, true, "", "", "", "1");
        Duration apiSilence = r.api ? Duration.ofMillis(100) : Duration.ofSeconds(30);
        if (!r.db) {
            return new Observed(name, null, Duration.ofSeconds(30), Duration.ofDays(1), cluster, apiSilence);
        }
        String otherName = FailoverPolicy.standbyName(other.name);
        if (r.primary()) {
            boolean standbyStreams = other.db && !other.primary();
            List<DatabaseView.Standby> standbys = standbyStreams
                    ? List.of(new DatabaseView.Standby(otherName, "streaming", "sync", 0, 100)) : List.of();
            return new Observed(name, new DatabaseView(name, false, "\"" + otherName + "\"", standbys, false, null, null),
                    Duration.ofMillis(100), standbyStreams ? Duration.ZERO : Duration.ofSeconds(30), cluster, apiSilence);
        }
        boolean streaming = other.primary();
        return new Observed(name, new DatabaseView(name, true, "", List.of(), streaming, streaming ? 100L : null, "postgres." + other.name),
                Duration.ofMillis(100), streaming ? Duration.ZERO : Duration.ofSeconds(30), cluster, apiSilence);
    }

    static void apply(Actuator actuator, Decision d, Instant now) {
        try {
            actuator.carryOut(d, now);
        } catch (RegionApi.Unanswered e) {
            // retried next round, as the witness does
        }
    }
}
