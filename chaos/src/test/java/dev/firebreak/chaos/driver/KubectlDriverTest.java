package dev.firebreak.chaos.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.chaos.experiment.Experiment;
import dev.firebreak.chaos.experiment.ExperimentFile;
import dev.firebreak.chaos.experiment.Probe;
import dev.firebreak.chaos.experiment.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact command lines the kubectl driver runs for each step, recorded instead of run. */
class KubectlDriverTest {

    private final List<String> ran = new ArrayList<>();
    private final List<String> stdin = new ArrayList<>();
    private final Map<String, String> answers = new java.util.HashMap<>(Map.of(
            "kind get nodes --name region-a", "region-a-control-plane\nregion-a-worker\n",
            "kubectl --context kind-region-a -n firebreak get pods -l app.kubernetes.io/name=payment-svc "
                    + "--field-selector=status.phase=Running -o jsonpath={.items[0].metadata.name}", "payment-svc-7d9c-abcde",
            "kubectl --context kind-region-b -n firebreak get deployment/payment-svc -o jsonpath={.spec.replicas}", "3"));

    private final KubectlDriver driver = KubectlDriver.kind((argv, in) -> {
        String line = String.join(" ", argv);
        ran.add(line);
        if (in != null) {
            stdin.add(in);
        }
        return answers.getOrDefault(line, "");
    }, Map.of("edge", "http://edge.example"), "Bearer admin");

    private static Step step(String yaml) {
        Experiment e = ExperimentFile.parse("test", "title: t\nload: {duration: 60s}\nmethod:\n  - at: 1s\n    " + yaml.replace("\n", "\n    "));
        return e.method().get(0);
    }

    @Test
    void aClusterFireStopsAndStartsItsKindNodeContainers() {
        driver.apply(step("action: kill-cluster\ncluster: region-a"));
        driver.apply(step("action: restore-cluster\ncluster: region-a"));

        assertThat(ran).containsExactly(
                "kind get nodes --name region-a",
                "docker kill region-a-control-plane region-a-worker",
                "kind get nodes --name region-a",
                "docker start region-a-control-plane region-a-worker");
    }

    @Test
    void aPodKillDeletesOneRunningPodWithoutGrace() {
        driver.apply(step("action: kill-pod\ncluster: region-a\nservice: payment-svc"));

        assertThat(ran).containsExactly(
                "kubectl --context kind-region-a -n firebreak get pods -l app.kubernetes.io/name=payment-svc "
                        + "--field-selector=status.phase=Running -o jsonpath={.items[0].metadata.name}",
                "kubectl --context kind-region-a -n firebreak delete pod payment-svc-7d9c-abcde --grace-period=0 --force --wait=false");
    }

    @Test
    void aPodKillWithNoRunningPodSaysSo() {
        assertThatThrownBy(() -> driver.apply(step("action: kill-pod\ncluster: region-b\nservice: taxi-svc")))
                .hasMessage("No running pod of taxi-svc in region-b");
    }

    @Test
    void aDatabaseKillDeletesTheCloudNativePgPrimaryPod() {
        driver.apply(step("action: kill-database\ncluster: region-a"));

        assertThat(ran).containsExactly("kubectl --context kind-region-a -n firebreak delete pod "
                + "-l cnpg.io/cluster=firebreak-db,cnpg.io/instanceRole=primary --grace-period=0 --force --wait=false");
    }

    @Test
    void aPartitionIsAChaosMeshNetworkChaosInEachDirectionAndHealingDeletesBoth() {
        driver.apply(step("action: link-fault\nbetween: [region-a, region-b]\nfault: blackhole"));
        driver.apply(step("action: link-fault\nbetween: [region-a, region-b]\nfault: none"));

        assertThat(ran).containsExactly(
                "kubectl --context kind-region-a apply -f -",
                "kubectl --context kind-region-b apply -f -",
                "kubectl --context kind-region-a -n firebreak delete networkchaos firebreak-partition-region-a-to-region-b --ignore-not-found",
                "kubectl --context kind-region-b -n firebreak delete networkchaos firebreak-partition-region-b-to-region-a --ignore-not-found");
        assertThat(stdin.get(0)).contains("kind: NetworkChaos", "name: firebreak-partition-region-a-to-region-b", "action: partition",
                "direction: to", "- payment-svc.region-b.firebreak.internal", "- postgres.region-b.firebreak.internal").doesNotContain("delay");
    }

    @Test
    void wanLatencyIsANetworkChaosDelay() {
        driver.apply(step("action: link-latency\nbetween: [region-a, region-b]\nlatency: 300ms"));
        driver.apply(step("action: link-latency\nbetween: [region-a, region-b]\nlatency: 0ms"));

        assertThat(ran).containsExactly(
                "kubectl --context kind-region-a apply -f -",
                "kubectl --context kind-region-b apply -f -",
                "kubectl --context kind-region-a -n firebreak delete networkchaos firebreak-delay-region-a-to-region-b --ignore-not-found",
                "kubectl --context kind-region-b -n firebreak delete networkchaos firebreak-delay-region-b-to-region-a --ignore-not-found");
        assertThat(stdin.get(1)).contains("name: firebreak-delay-region-b-to-region-a", "action: delay", "latency: \"300ms\"");
    }

    @Test
    void aConnectionResetCannotBeDoneWithChaosMesh() {
        assertThatThrownBy(() -> driver.apply(step("action: link-fault\nbetween: [region-a, region-b]\nfault: reset")))
                .hasMessageContaining("use blackhole");
        assertThat(ran).isEmpty();
    }

    @Test
    void aServiceFaultScalesToZeroAndBackToWhatItWas() {
        driver.apply(step("action: service-fault\nservice: payment-svc\nmode: fail\nclusters: [region-b]"));
        driver.apply(step("action: service-fault\nservice: payment-svc\nmode: none\nclusters: [region-b]"));

        assertThat(ran).containsExactly(
                "kubectl --context kind-region-b -n firebreak get deployment/payment-svc -o jsonpath={.spec.replicas}",
                "kubectl --context kind-region-b -n firebreak scale deployment/payment-svc --replicas=0",
                "kubectl --context kind-region-b -n firebreak scale deployment/payment-svc --replicas=3");
    }

    @Test
    void readinessWaitsForEveryDeploymentAndDatabaseInBothRegions() {
        Probe ready = ExperimentFile.parse("t", "title: t\nload: {duration: 10s}\nsteadyState: [{probe: all-ready}]\n").steadyState().get(0);

        assertThat(driver.check(ready).holds()).isTrue();
        assertThat(ran).containsExactly(
                "kubectl --context kind-region-a -n firebreak wait --for=condition=Available deployment --all --timeout=5s",
                "kubectl --context kind-region-a -n firebreak wait --for=condition=Ready cluster.postgresql.cnpg.io/firebreak-db --timeout=5s",
                "kubectl --context kind-region-b -n firebreak wait --for=condition=Available deployment --all --timeout=5s",
                "kubectl --context kind-region-b -n firebreak wait --for=condition=Ready cluster.postgresql.cnpg.io/firebreak-db --timeout=5s");
    }

    @Test
    void theDatabasePrimaryIsTheRegionItsOwnClusterNames() {
        answers.put("kubectl --context kind-region-b -n firebreak get cluster.postgresql.cnpg.io/firebreak-db -o jsonpath={.spec.replica.primary}",
                "region-b");
        Probe primary = ExperimentFile.parse("t", "title: t\nload: {duration: 10s}\nsteadyState: [{probe: primary, region: region-b}]\n")
                .steadyState().get(0);
        assertThat(driver.check(primary).holds()).isTrue();
        answers.put("kubectl --context kind-region-b -n firebreak get cluster.postgresql.cnpg.io/firebreak-db -o jsonpath={.spec.replica.primary}",
                "region-a");
        assertThat(driver.check(primary).holds()).isFalse();
    }

    @Test
    void aSwitchoverIsTheCloudNativePgDemoteAndPromote() {
        driver.apply(step("action: switchover\nto: region-b"));
        assertThat(ran).containsExactly("k8s/components/cloudnative-pg/witness-actions.sh switchover region-b");
    }

    @Test
    void entryPointsComeFromTheUrlsGiven() {
        assertThat(driver.entryPoint("edge")).isEqualTo("http://edge.example");
        assertThatThrownBy(() -> driver.entryPoint("region-a")).hasMessageContaining("--url region-a=http://");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"partition,region-a,region-b,", "partition,region-b,region-a,",
            "wan-latency,region-a,region-b,300ms", "wan-latency,region-b,region-a,300ms"})
    void appliesExactlyTheChaosMeshObjectsShippedForUsers(String folder, String from, String to, String latency) throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        java.nio.file.Path file = java.nio.file.Path.of("").toAbsolutePath().getParent()
                .resolve("k8s/components/chaos-mesh/" + folder + "/" + from + "/networkchaos.yaml");
        String action = folder.equals("partition") ? "partition" : "delay";
        assertThat(yaml.readTree(KubectlDriver.networkChaos(action, from, to, latency)))
                .as("the driver's %s %s→%s against %s", action, from, to, file).isEqualTo(yaml.readTree(file.toFile()));
    }

    @org.junit.jupiter.api.Test
    void theWitnessLosesARegionsApiServerOnKindByAnIptablesRuleInTheGlobalNode() {
        answers.put("docker inspect -f {{with index .NetworkSettings.Networks \"kind\"}}{{.IPAddress}}{{end}} region-a-control-plane", "172.18.0.3\n");
        answers.put("docker inspect -f {{with index .NetworkSettings.Networks \"kind\"}}{{.IPAddress}}{{end}} global-control-plane", "172.18.0.2\n");
        driver.apply(step("action: link-fault\nbetween: [global, region-a]\nservice: kubernetes\nfault: blackhole"));
        assertThat(ran).contains("docker exec global-control-plane iptables -I FORWARD -d 172.18.0.3 -p tcp --dport 6443 -j DROP",
                "docker exec region-a-control-plane iptables -I FORWARD -d 172.18.0.2 -p tcp --dport 6443 -j DROP");
        ran.clear();
        driver.apply(step("action: link-fault\nbetween: [global, region-a]\nservice: kubernetes\nfault: none"));
        assertThat(ran).anyMatch(l -> l.startsWith("docker exec global-control-plane sh -c while iptables -D FORWARD -d 172.18.0.3"));
    }

    /** Every shipped experiment runs on real clusters: each step and rollback has kubectl (or docker, or Chaos Mesh) commands. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"region-a-fire", "region-b-fire", "global-site-loss", "region-partition",
            "database-primary-loss", "pod-kill", "wan-latency", "payment-outage", "witness-loses-a-region-api", "witness-loses-both-apis",
            "etcd-loss"})
    void everyShippedExperimentHasItsCommandsOnRealClusters(String name) {
        answers.put("kind get nodes --name region-b", "region-b-control-plane\n");
        answers.put("kind get nodes --name global", "global-control-plane\n");
        int n = 2;
        for (String site : List.of("global", "region-a", "region-b")) {
            answers.put("docker inspect -f {{with index .NetworkSettings.Networks \"kind\"}}{{.IPAddress}}{{end}} " + site + "-control-plane",
                    "172.18.0." + n++ + "\n");
        }
        for (String svc : List.of("messaging-svc", "taxi-svc", "status-svc")) {
            for (String region : List.of("region-a", "region-b")) {
                answers.put("kubectl --context kind-" + region + " -n firebreak get pods -l app.kubernetes.io/name=" + svc
                        + " --field-selector=status.phase=Running -o jsonpath={.items[0].metadata.name}", svc + "-1");
            }
        }
        answers.put("kubectl --context kind-region-b -n firebreak get pods -l app.kubernetes.io/name=payment-svc "
                + "--field-selector=status.phase=Running -o jsonpath={.items[0].metadata.name}", "payment-svc-1");
        Experiment e = ExperimentFile.read(java.nio.file.Path.of("experiments", name + ".yaml"));
        List<Step> steps = new ArrayList<>(e.method());
        steps.addAll(e.rollbacks());
        for (Step s : steps) {
            int before = ran.size();
            driver.apply(s);
            assertThat(ran.size()).as(name + ": " + s + " runs commands").isGreaterThan(before);
        }
        System.out.println(name + " on real clusters:\n  " + String.join("\n  ", ran));
    }
}
