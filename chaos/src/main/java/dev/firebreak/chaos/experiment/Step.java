package dev.firebreak.chaos.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One step of an experiment's method (at a time after the load starts) or of its rollbacks (in
 * order, after the method). Only the keys its action needs may be given.
 */
public record Step(Duration at, Action action, String cluster, String service, List<String> between, String fault, Duration latency,
        String mode, List<String> clusters, String to, Duration within) {

    private static final Set<String> FAULTS = Set.of("blackhole", "reset", "none");
    private static final Set<String> MODES = Set.of("fail", "none");

    @JsonCreator
    static Step of(@JsonProperty("at") String at, @JsonProperty(value = "action", required = true) Action action,
            @JsonProperty("cluster") String cluster, @JsonProperty("service") String service, @JsonProperty("between") List<String> between,
            @JsonProperty("fault") String fault, @JsonProperty("latency") String latency, @JsonProperty("mode") String mode,
            @JsonProperty("clusters") List<String> clusters, @JsonProperty("to") String to, @JsonProperty("within") String within) {
        Duration patience = Spans.parse("within", within);
        Step s = new Step(Spans.parse("at", at), action, cluster, service, between, fault, Spans.parse("latency", latency), mode, clusters,
                to, patience == null ? Duration.ofSeconds(60) : patience);
        s.check();
        return s;
    }

    /**
     * A method step in {@code ./firebreak load}'s short form: {@code SECOND:kill:CLUSTER},
     * {@code SECOND:restore:CLUSTER}, {@code SECOND:partition:SITE_A:SITE_B} (a blackholed link) or
     * {@code SECOND:heal:SITE_A:SITE_B}; carried out by the same drivers as an experiment's steps.
     */
    public static Step parseShort(String spec) {
        String[] p = spec.split(":");
        String at = p[0] + "s";
        try {
            Long.parseLong(p[0]);
            return switch (p.length == 3 ? p[1] : p.length == 4 ? p[1] + "/2" : "?") {
                case "kill" -> of(at, Action.KILL_CLUSTER, p[2], null, null, null, null, null, null, null, null);
                case "restore" -> of(at, Action.RESTORE_CLUSTER, p[2], null, null, null, null, null, null, null, null);
                case "partition/2" -> of(at, Action.LINK_FAULT, null, null, List.of(p[2], p[3]), "blackhole", null, null, null, null, null);
                case "heal/2" -> of(at, Action.LINK_FAULT, null, null, List.of(p[2], p[3]), "none", null, null, null, null, null);
                default -> throw new IllegalArgumentException("expected SECOND:kill:CLUSTER, SECOND:restore:CLUSTER, "
                        + "SECOND:partition:SITE_A:SITE_B or SECOND:heal:SITE_A:SITE_B");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the second is not a number");
        }
    }

    private void check() {
        switch (action) {
            case KILL_CLUSTER, RESTORE_CLUSTER, KILL_DATABASE, RESTORE_DATABASE, KILL_ETCD, RESTORE_ETCD -> need("cluster", cluster);
            case KILL_POD -> {
                need("cluster", cluster);
                need("service", service);
            }
            case LINK_FAULT -> {
                needPair();
                need("fault", fault);
                if (!FAULTS.contains(fault)) {
                    throw new IllegalArgumentException("fault must be one of " + FAULTS + ", not '" + fault + "'");
                }
            }
            case LINK_LATENCY -> {
                needPair();
                if (latency == null) {
                    throw new IllegalArgumentException(action.id() + " needs latency (e.g. 300ms)");
                }
            }
            case SERVICE_FAULT -> {
                need("service", service);
                need("mode", mode);
                if (!MODES.contains(mode)) {
                    throw new IllegalArgumentException("mode must be one of " + MODES + ", not '" + mode + "'");
                }
            }
            case SWITCHOVER -> need("to", to);
        }
    }

    private void need(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(action.id() + " needs " + key);
        }
    }

    private void needPair() {
        if (between == null || between.size() != 2 || between.get(0).equals(between.get(1))) {
            throw new IllegalArgumentException(action.id() + " needs between: [site, other site]");
        }
    }

    /** What the step does, in words for the timeline. */
    public String describe() {
        return switch (action) {
            case KILL_CLUSTER, RESTORE_CLUSTER, KILL_DATABASE, RESTORE_DATABASE, KILL_ETCD, RESTORE_ETCD -> action.id() + " " + cluster;
            case KILL_POD -> action.id() + " " + cluster + "/" + service;
            case LINK_FAULT -> action.id() + " " + between.get(0) + "<->" + between.get(1) + (service == null ? "" : " (" + service + ")") + " "
                    + fault;
            case LINK_LATENCY -> action.id() + " " + between.get(0) + "<->" + between.get(1) + " " + latency.toMillis() + "ms";
            case SERVICE_FAULT -> action.id() + " " + service + " " + mode + (clusters == null ? "" : " in " + clusters);
            case SWITCHOVER -> action.id() + " to " + to;
        };
    }
}
