package dev.firebreak.chaos.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a step of an experiment does (docs/experiments.md lists what each needs). */
public enum Action {
    /** Power loss in a cluster: its pods and database die, its addresses and links go silent. Needs {@code cluster}. */
    KILL_CLUSTER,
    /** Power back in a cluster. Needs {@code cluster}. */
    RESTORE_CLUSTER,
    /** One replica of a service dies (SIGKILL); the kubelet restarts it. Needs {@code cluster}, {@code service}. */
    KILL_POD,
    /** A region's database server dies (SIGKILL), nothing else. Needs {@code cluster}. */
    KILL_DATABASE,
    /** The database server restarts (fenced, as after any crash). Needs {@code cluster}. */
    RESTORE_DATABASE,
    /**
     * A fault on the WAN link between two sites: blackhole, reset or none. Needs {@code between},
     * {@code fault}; with {@code service} (kubernetes: the API server), only that Service's path.
     */
    LINK_FAULT,
    /** A site's etcd dies (SIGKILL): its API server still answers, without its store. Needs {@code cluster}. */
    KILL_ETCD,
    /** The site's etcd starts again. Needs {@code cluster}. */
    RESTORE_ETCD,
    /** One-way latency on the WAN link between two sites. Needs {@code between}, {@code latency}. */
    LINK_LATENCY,
    /** A service's fault flag in some clusters (all by default): fail or none. Needs {@code service}, {@code mode}. */
    SERVICE_FAULT,
    /**
     * A planned move of the database primary to a region through the edge's witness (loses
     * nothing); waits while the witness says the region's standby is not synchronous yet, up to
     * {@code within} (default 60s). Needs {@code to}.
     */
    SWITCHOVER;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Action of(String id) {
        return Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown action '" + id + "' (known: " + String.join(", ", Arrays.stream(values()).map(Action::id).toList()) + ")"));
    }
}
