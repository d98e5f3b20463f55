package dev.firebreak.chaos.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A chaos experiment, in the spirit of Chaos Toolkit: a steady-state hypothesis checked before
 * and after, a method (faults on a timeline under live load), rollbacks that undo what the
 * method left broken, and objectives each service is graded against (docs/experiments.md).
 */
public record Experiment(String name, String title, String description, Load load, List<Probe> steadyState, List<Step> method,
        List<Step> rollbacks, Map<String, Objectives> objectives, Duration settle) {

    static final Set<String> GRADED = Set.of("messaging-svc", "payment-svc", "taxi-svc");

    @JsonCreator
    static Experiment of(@JsonProperty(value = "title", required = true) String title, @JsonProperty("description") String description,
            @JsonProperty(value = "load", required = true) Load load, @JsonProperty("steadyState") List<Probe> steadyState,
            @JsonProperty("method") List<Step> method, @JsonProperty("rollbacks") List<Step> rollbacks,
            @JsonProperty("objectives") Map<String, Objectives> objectives, @JsonProperty("settle") String settle) {
        List<Step> steps = method == null ? List.of() : method;
        for (Step s : steps) {
            if (s.at() == null) {
                throw new IllegalArgumentException("every step of the method needs at (when, after the load starts)");
            }
            if (s.at().compareTo(load.duration()) >= 0) {
                throw new IllegalArgumentException("step '" + s.describe() + "' at " + s.at().toSeconds() + "s is after the load ends ("
                        + load.duration().toSeconds() + "s)");
            }
        }
        Map<String, Objectives> graded = new TreeMap<>(objectives == null ? Map.of() : objectives);
        for (String service : graded.keySet()) {
            if (!GRADED.contains(service)) {
                throw new IllegalArgumentException("objectives: unknown service '" + service + "' (graded: " + GRADED + ")");
            }
        }
        Duration s = Spans.parse("settle", settle);
        return new Experiment(null, title, description == null ? "" : description, load, steadyState == null ? List.of() : steadyState,
                steps.stream().sorted(java.util.Comparator.comparing(Step::at)).toList(), rollbacks == null ? List.of() : rollbacks, graded,
                s == null ? Duration.ofSeconds(60) : s);
    }

    public Experiment named(String name) {
        return new Experiment(name, title, description, load, steadyState, method, rollbacks, objectives, settle);
    }
}
