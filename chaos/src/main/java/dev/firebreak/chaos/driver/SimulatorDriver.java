package dev.firebreak.chaos.driver;

import dev.firebreak.chaos.experiment.Probe;
import dev.firebreak.chaos.experiment.Step;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.SimStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives the simulated clusters through their control API; a service's fault flag is switched on
 * every pod of the service, as an admin ({@code PUT /ops/fault}).
 */
public final class SimulatorDriver implements Driver {

    private final ControlClient control;
    private final Api api;
    private final String adminBearer;
    private final EdgeAdmin edgeAdmin;

    public SimulatorDriver(ControlClient control, Api api, String adminBearer) {
        this.control = control;
        this.api = api;
        this.adminBearer = adminBearer;
        this.edgeAdmin = new EdgeAdmin(adminBearer);
    }

    @Override
    public Optional<String> gone() {
        return control.daemon().isPresent() ? Optional.empty()
                : Optional.of("the simulator's process is gone (every simulated cluster with it; ./firebreak up starts them again)");
    }

    @Override
    public void apply(Step step) {
        switch (step.action()) {
            case KILL_CLUSTER -> control.post("/clusters/" + step.cluster() + "/kill", "{}");
            case RESTORE_CLUSTER -> {
                // Rollbacks restore whatever may still be down; a cluster already back is left alone.
                if (control.status().clusters().stream().noneMatch(c -> c.name().equals(step.cluster()) && c.powered())) {
                    control.post("/clusters/" + step.cluster() + "/restore", "{}");
                }
            }
            case KILL_POD -> control.post("/clusters/" + step.cluster() + "/services/" + step.service() + "/kill-pod", "{}");
            case KILL_DATABASE -> control.post("/clusters/" + step.cluster() + "/database/kill", "{}");
            case RESTORE_DATABASE -> {
                if (control.status().databases().stream().noneMatch(d -> d.cluster().equals(step.cluster()) && !d.role().equals("down"))) {
                    control.post("/clusters/" + step.cluster() + "/database/restore", "{}");
                }
            }
            case LINK_FAULT -> control.post("/links/" + step.between().get(0) + "/" + step.between().get(1), Api.json(step.service() == null
                    ? Map.of("fault", step.fault().toUpperCase(java.util.Locale.ROOT))
                    : Map.of("fault", step.fault().toUpperCase(java.util.Locale.ROOT), "service", step.service())));
            case KILL_ETCD -> control.post("/clusters/" + step.cluster() + "/etcd/kill", "{}");
            case RESTORE_ETCD -> control.post("/clusters/" + step.cluster() + "/etcd/restore", "{}");
            case LINK_LATENCY -> control.post("/links/" + step.between().get(0) + "/" + step.between().get(1),
                    Api.json(Map.of("latencyMs", step.latency().toMillis())));
            case SERVICE_FAULT -> serviceFault(step);
            case SWITCHOVER -> edgeAdmin.switchover(entryPoint("edge"), step.to(), step.within());
        }
    }

    private void serviceFault(Step step) {
        List<SimStatus.PodStatus> pods = control.status().pods().stream().filter(p -> p.service().equals(step.service()))
                .filter(p -> step.clusters() == null || step.clusters().contains(p.cluster()))
                .filter(p -> p.pid() != null).toList();
        if (pods.isEmpty()) {
            throw new IllegalStateException("No running pod of " + step.service() + " to switch");
        }
        for (SimStatus.PodStatus pod : pods) {
            Api.Answer a = api.send("PUT", "http://" + pod.address() + ":8080/ops/fault", Map.of("Authorization", adminBearer),
                    Api.json(Map.of("mode", step.mode())));
            if (!a.ok()) {
                throw new IllegalStateException("Cannot switch the fault flag of " + pod.cluster() + "/" + pod.name() + ": " + a.status()
                        + " " + (a.error() == null ? a.body() : a.error()));
            }
        }
    }

    @Override
    public ProbeResult check(Probe probe) {
        SimStatus s = control.status();
        return switch (probe.kind()) {
            case ALL_READY -> new ProbeResult(s.ready(), s.ready() ? "every pod ready, every standby synchronous"
                    : s.pods().stream().filter(p -> !p.ready()).map(p -> p.cluster() + "/" + p.name()).toList() + " not ready; databases "
                            + s.databases().stream().map(d -> d.cluster() + " " + d.role() + " " + d.replication()).toList());
            case PRIMARY -> {
                String primary = s.databases().stream().filter(d -> d.role().equals("primary")).map(d -> d.cluster()).findFirst()
                        .orElse("none");
                yield new ProbeResult(primary.equals(probe.region()), "primary in " + primary);
            }
            case EDGE_SERVES -> edgeServes(s);
        };
    }

    private ProbeResult edgeServes(SimStatus s) {
        String edge = s.urls().get("edge");
        return edge == null ? new ProbeResult(false, "no edge") : edgeAdmin.serves(edge);
    }

    @Override
    public String entryPoint(String target) {
        Map<String, String> urls = control.status().urls();
        String url = urls.get(target.equals("edge") ? "edge" : "ingress-" + target);
        if (url == null) {
            throw new IllegalArgumentException("No entry point for " + target + " (have: " + urls.keySet() + ")");
        }
        return url;
    }
}
