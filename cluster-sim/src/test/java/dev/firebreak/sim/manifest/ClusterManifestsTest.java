package dev.firebreak.sim.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator reads the very overlay a real region-a gets. */
class ClusterManifestsTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static ClusterManifests regionA;

    @BeforeAll
    static void render() {
        regionA = ClusterManifests.render("region-a", ROOT.resolve("k8s/clusters/region-a"));
    }

    private static Deployment deployment(String name) {
        return regionA.deployments().stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Container container(String name) {
        return deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void readsEveryDeploymentWithItsReplicasImageAndProbes() {
        assertThat(regionA.deployments()).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("messaging-svc", "payment-svc", "taxi-svc", "status-svc");
        Deployment payment = deployment("payment-svc");
        assertThat(payment.getSpec().getReplicas()).isEqualTo(2);
        Container c = container("payment-svc");
        assertThat(LocalImages.serviceOf(c.getImage())).isEqualTo("payment-svc");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
        assertThat(c.getStartupProbe().getFailureThreshold()).isEqualTo(120);
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    }

    @Test
    void eachServiceSelectsItsOwnPods() {
        assertThat(regionA.servicesFor(deployment("payment-svc"))).singleElement().satisfies(s -> {
            assertThat(s.getMetadata().getName()).isEqualTo("payment-svc");
            assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
            assertThat(s.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);
        });
    }

    @Test
    void buildsAPodsEnvironmentAsTheKubeletDoes() {
        PodEnvironment.Secrets secrets = (name, key) -> name.equals("payment-db") ? "payment-" + key : null;
        Map<String, String> env = PodEnvironment.of(container("payment-svc"), regionA, secrets,
                new PodEnvironment.PodFacts("payment-svc-0", "firebreak", "127.10.0.5"));
        assertThat(env)
                .containsEntry("FIREBREAK_CLUSTER", "region-a")
                .containsEntry("FIREBREAK_PEER", "region-b")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "payment-username")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "payment-password")
                .containsEntry("KUBERNETES_NAMESPACE", "firebreak");
        assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://${firebreak.db.hosts}/payment?");
        assertThat(env.get("FIREBREAK_DB_HOSTS")).startsWith("postgres.region-a.firebreak.internal:5432,");
    }

    @Test
    void aMissingSecretIsNamedNotGuessed() {
        assertThatThrownBy(() -> PodEnvironment.of(container("payment-svc"), regionA, (name, key) -> null,
                new PodEnvironment.PodFacts("p", "firebreak", "127.10.0.5")))
                .hasMessageContaining("Secret 'payment-db'").hasMessageContaining("'password'").hasMessageContaining("does not exist");
    }

    @Test
    void expandsOnlyEarlierVariablesLikeKubernetes() {
        Container c = container("status-svc").toBuilder()
                .addToEnv(new EnvVarBuilder().withName("WHERE").withValue("$(FIREBREAK_CLUSTER)/$(LATER)/$$(FIREBREAK_CLUSTER)").build())
                .addToEnv(new EnvVarBuilder().withName("LATER").withValue("x").build())
                .build();
        Map<String, String> env = PodEnvironment.of(c, regionA, (n, k) -> null, new PodEnvironment.PodFacts("s", "firebreak", "127.10.0.9"));
        assertThat(env.get("WHERE")).isEqualTo("region-a/$(LATER)/$(FIREBREAK_CLUSTER)");
        assertThat(env).containsEntry("STATUS_TARGETS_PAYMENTPEER_REGION", "region-b");
    }

    @Test
    void mapsImagesToThisCheckoutsJarsOrSaysHowToBuildThem(@TempDir Path project) throws Exception {
        LocalImages images = new LocalImages(project);
        Files.createDirectories(project.resolve("payment-svc/target/quarkus-app"));
        assertThatThrownBy(() -> images.jarFor("docker.io/firebreak/payment-svc:latest"))
                .hasMessageContaining("./mvnw -B package -DskipTests -pl payment-svc -am");
        Files.writeString(project.resolve("payment-svc/target/quarkus-app/quarkus-run.jar"), "");
        assertThat(images.jarFor("docker.io/firebreak/payment-svc:latest")).endsWith(Path.of("payment-svc/target/quarkus-app/quarkus-run.jar"));
        assertThat(LocalImages.serviceOf("registry:5000/firebreak/taxi-svc@sha256:abc")).isEqualTo("taxi-svc");
        assertThatThrownBy(() -> images.jarFor("nginx:1.27")).hasMessageContaining("names no module");
    }
}
