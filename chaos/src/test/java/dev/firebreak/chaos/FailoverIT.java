package dev.firebreak.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.load.Clients;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.LoadGenerator;
import dev.firebreak.chaos.load.PaymentWorkload;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.load.Retries;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.chaos.verify.PaymentVerifier;
import dev.firebreak.chaos.verify.Verification;
import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.TokenMinter;
import dev.firebreak.sim.Simulator;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.sim.db.RegionDatabase;
import dev.firebreak.sim.net.LinkFault;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The witness and the edge on the simulated clusters with the real services, under a steady
 * stream of payments through the edge: a lost standby region, a lost primary region, its return,
 * a partition between the regions, and the loss of the global site itself. After each, every
 * payment acknowledged before, during and after is read back and must be there exactly once.
 */
@TestMethodOrder(OrderAnnotation.class)
class FailoverIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static Simulator sim;
    static Api api;
    static Target edge;
    static Users users;
    static String admin;
    static int runs;
    /** Every run's writes: the users are shared, so their ledgers hold all of them. */
    static final AckLog WRITES = new AckLog();
    static final History HISTORY = new History(System::nanoTime);

    @BeforeAll
    static void up() {
        Path target = Path.of("target").toAbsolutePath();
        Simulator.Options options = new Simulator.Options(ROOT, target.resolve("failover-sim"), target.resolve("failover-cache"), 1, 50,
                Duration.ofMillis(2));
        sim = Simulator.prepare(options);
        sim.up();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> sim.status().ready());
        api = new Api(Duration.ofSeconds(3));
        edge = Target.edge(sim.status().urls().get("edge"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "region-a".equals(regions().path("primaryRegion").asText(null)));
        users = new Users(api, edge).create("fo", 4, Duration.ofSeconds(60));
        admin = "Bearer " + new TokenMinter(InstallationKeys.read(options.identityDir()).privateKey())
                .admin("drill", Duration.ofHours(1));
    }

    @AfterAll
    static void down() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    @Order(1)
    void losingTheStandbyRegionDegradesToAsynchronousAndWritesGoOn() {
        Run run = payments(18, second -> {
            if (second == 4) {
                sim.faults().kill("region-b");
            }
        });
        assertThat(kinds()).contains("DEGRADED_TO_ASYNC");
        assertThat(run.okAfter(8)).as("payments acknowledged after the standby was lost").isPositive();
        assertExactlyOnce(run);
        assertThat(primaryOf(sim.status())).isEqualTo("region-a");

        sim.faults().restore("region-b");
        await().atMost(Duration.ofSeconds(90)).until(() -> kinds().contains("SYNC_RESTORED") && sim.status().ready());
    }

    @Test
    @Order(2)
    void losingThePrimaryRegionPromotesItsSynchronousStandbyAndPaymentsResume() {
        Run run = payments(20, second -> {
            if (second == 4) {
                sim.faults().kill("region-a");
            }
        });
        assertThat(kinds()).containsSubsequence("REGION_LOST", "PROMOTED");
        assertThat(regions().path("primaryRegion").asText()).isEqualTo("region-b");
        assertThat(primaryOf(sim.status())).isEqualTo("region-b");
        assertThat(run.okAfter(12)).as("payments acknowledged after the failover").isPositive();
        Recorder.Summary s = run.recorder().summary("payment-svc");
        System.out.printf("region-a loss through the edge: RTO %.2f s (outage from %.1f s), %d requests, %d errors, p99 %.1f ms%n",
                s.rtoSeconds(), s.outageStartSeconds(), s.requests(), s.errors(), s.p99Ms());
        assertExactlyOnce(run);
    }

    @Test
    @Order(3)
    void theLostRegionComesBackAsASynchronousStandbyOfTheNewPrimary() {
        sim.faults().restore("region-a");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            SimStatus s = sim.status();
            return s.ready() && "region-b".equals(primaryOf(s)) && databases(s).get("region-a").replication().equals("sync");
        });
        assertThat(kinds()).containsSubsequence("REJOINED", "SYNC_RESTORED");
        assertThat(regions().path("witness").path("state").path("eligible").path("region-a").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void aPartitionBetweenTheRegionsNeverMakesASecondPrimary() throws Exception {
        AtomicBoolean watching = new AtomicBoolean(true);
        Set<String> primariesSeenTogether = new HashSet<>();
        CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> {
            while (watching.get()) {
                List<String> primaries = new ArrayList<>();
                for (RegionDatabase.State d : sim.status().databases()) {
                    if (acceptsWrites(d.address())) {
                        primaries.add(d.cluster());
                    }
                }
                if (primaries.size() > 1) {
                    primariesSeenTogether.add(String.join("+", primaries));
                }
            }
        });
        Run run = payments(16, second -> {
            if (second == 3) {
                sim.faults().linkFault("region-a", "region-b", LinkFault.BLACKHOLE);
            }
            if (second == 12) {
                sim.faults().linkFault("region-a", "region-b", LinkFault.NONE);
            }
        });
        watching.set(false);
        watch.join();
        assertThat(primariesSeenTogether).as("moments with two databases accepting writes").isEmpty();
        assertThat(primaryOf(sim.status())).isEqualTo("region-b");
        assertThat(kinds()).doesNotContainSequence("PROMOTED", "PROMOTED");
        assertExactlyOnce(run);
        await().atMost(Duration.ofSeconds(90)).until(() -> sim.status().ready());
    }

    @Test
    @Order(5)
    void withTheGlobalSiteGoneBothRegionsServeDirectTrafficAndNothingIsPromoted() {
        long epoch = regions().path("witness").path("state").path("epoch").asLong();
        sim.faults().kill("global");
        Map<String, String> urls = sim.status().urls();
        List<Target> regionsDirect = List.of(Target.region("region-a", urls.get("ingress-region-a")),
                Target.region("region-b", urls.get("ingress-region-b")));
        for (Target t : regionsDirect) {
            Users direct = new Users(api, t).create("direct-" + t.name(), 1, Duration.ofSeconds(30));
            String user = direct.ids().get(0);
            Api.Answer wallet = api.send("PUT", t.url("payment-svc", "/wallets/" + user), direct.auth(user), null);
            assertThat(wallet.ok()).as(t.name() + " serves writes without the edge: " + wallet).isTrue();
            assertThat(api.send("GET", t.url("status-svc", "/api/status"), Map.of(), null).ok()).isTrue();
        }
        assertThat(primaryOf(sim.status())).isEqualTo("region-b");
        assertThat(databases(sim.status()).get("region-a").role()).isEqualTo("standby");

        sim.faults().restore("global");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> regions().path("witness").path("state").path("primary").asText("").equals("region-b"));
        assertThat(regions().path("witness").path("state").path("epoch").asLong()).as("the restarted witness remembers").isEqualTo(epoch);
        assertThat(primaryOf(sim.status())).isEqualTo("region-b");
    }

    /** A payments run through the edge and what it acknowledged. */
    record Run(Recorder recorder, AckLog log) {

        long okAfter(long second) {
            return recorder.timeline("payment-svc").stream().filter(s -> s.second() >= second).mapToLong(Recorder.Second::ok).sum();
        }
    }

    private static Run payments(int seconds, LongConsumer atSecond) {
        Recorder recorder = new Recorder(System.nanoTime());
        AckLog log = WRITES;
        PaymentWorkload workload = new PaymentWorkload(new Clients(api, edge, recorder, log, HISTORY, Retries.standard()), users,
                "fo" + (++runs));
        if (runs == 1) {
            workload.setup();
        }
        new LoadGenerator(List.of(workload), 32).run(15, Duration.ofSeconds(seconds), runs,
                second -> CompletableFuture.runAsync(() -> atSecond.accept(second)));
        return new Run(recorder, log);
    }

    private static void assertExactlyOnce(Run run) {
        Verification v = new PaymentVerifier(api, edge).verify(users, run.log(), admin, java.util.List.of(), HISTORY);
        assertThat(v.acknowledged()).as("payments acknowledged").isGreaterThan(50);
        assertThat(v.problems()).isEmpty();
        assertThat(v.lost()).isZero();
        assertThat(v.duplicated()).isZero();
        assertThat(v.invariantsHold()).isTrue();
    }

    private static JsonNode regions() {
        return api.send("GET", edge.baseUrl() + "/edge/regions", Map.of(), null).json();
    }

    private static List<String> kinds() {
        List<String> kinds = new ArrayList<>();
        api.send("GET", edge.baseUrl() + "/edge/events", Map.of(), null).json().forEach(e -> kinds.add(e.path("kind").asText()));
        return kinds;
    }

    private static Map<String, RegionDatabase.State> databases(SimStatus s) {
        Map<String, RegionDatabase.State> m = new java.util.HashMap<>();
        s.databases().forEach(d -> m.put(d.cluster(), d));
        return m;
    }

    private static String primaryOf(SimStatus s) {
        return s.databases().stream().filter(d -> d.role().equals("primary")).map(RegionDatabase.State::cluster).findFirst().orElse(null);
    }

    /** Whether the database at {@code address} is out of recovery (what lets it acknowledge writes). */
    private static boolean acceptsWrites(String address) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "1");
        p.setProperty("socketTimeout", "1");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + address + "/postgres", p);
             ResultSet rs = c.createStatement().executeQuery("SELECT NOT pg_is_in_recovery() AND "
                     + "current_setting('synchronous_standby_names') <> '\"firebreak_fenced\"'")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (Exception e) {
            return false;
        }
    }
}
