package dev.firebreak.sim.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.Site;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real v1.20 control plane of one simulated cluster: it starts, serves with TLS and RBAC, and dies and comes back with its data. */
class ControlPlaneIT {

    static final Path DIR = Path.of("target/control-plane-it").toAbsolutePath();
    static ProcessSpawner spawner;
    static ControlPlane controlPlane;

    @BeforeAll
    static void start() throws Exception {
        dev.firebreak.sim.kubelet.ProcessSpawner s = new ProcessSpawner();
        spawner = s;
        if (Files.exists(DIR)) {
            try (var walk = Files.walk(DIR)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Site site = new Site("lab", 1, true);
        AddressPlan plan = new AddressPlan(35);
        controlPlane = ControlPlane.prepare(site, plan.controlPlane(site), KubernetesBinaries.find(KubernetesBinaries.defaultBinDir()),
                DIR, spawner, new Events(Clock.systemUTC(), DIR.resolve("events.log")));
        controlPlane.start(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private static KubernetesClient client(String who) throws Exception {
        return new KubernetesClientBuilder().withConfig(controlPlane.credentials().clientConfig(who)).build();
    }

    @Test
    void servesTheApiWithTlsAndRbacAndRemembersAcrossAPowerLoss() throws Exception {
        try (KubernetesClient admin = client(ClusterCredentials.ADMIN)) {
            assertThat(admin.getKubernetesVersion().getGitVersion()).isEqualTo("v1.20.2");
            admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("kept")
                    .endMetadata().build()).create();
        }
        try (KubernetesClient agent = client(ClusterCredentials.NODE_AGENT)) {
            assertThat(agent.authorization().v1().selfSubjectAccessReview().create(new io.fabric8.kubernetes.api.model.authorization.v1
                    .SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withVerb("list").withResource("pods")
                    .endResourceAttributes().endSpec().build()).getStatus().getAllowed()).as("no RBAC for it yet").isFalse();
        }
        controlPlane.powerLoss();
        controlPlane.start(Duration.ofSeconds(90));
        try (KubernetesClient admin = client(ClusterCredentials.ADMIN)) {
            assertThat(admin.namespaces().withName("kept").get()).as("etcd kept it across the power loss").isNotNull();
        }
    }
}
