package dev.firebreak.chaos.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's findings over one history: the violations of each rule (every rule is listed,
 * with none when it held), how many operations it read, and how the writes left in doubt turned
 * out according to the read-back.
 */
public record Verdict(long operations, Map<Rule, List<Violation>> violations, long inDoubt, long inDoubtCommitted) {

    public boolean passed() {
        return violations.values().stream().allMatch(List::isEmpty);
    }

    public long count() {
        return violations.values().stream().mapToLong(List::size).sum();
    }

    /** Per rule id: how many violations (0 when it held). */
    public Map<String, Integer> perRule() {
        Map<String, Integer> out = new LinkedHashMap<>();
        violations.forEach((rule, found) -> out.put(rule.id(), found.size()));
        return out;
    }

    /** Collects violations rule by rule. */
    static final class Builder {
        private final Map<Rule, List<Violation>> found = new EnumMap<>(Rule.class);

        Builder() {
            for (Rule r : Rule.values()) {
                found.put(r, new ArrayList<>());
            }
        }

        void add(Rule rule, String what, History.Op... evidence) {
            found.get(rule).add(new Violation(rule, what, List.of(evidence)));
        }

        Map<Rule, List<Violation>> build() {
            Map<Rule, List<Violation>> out = new EnumMap<>(Rule.class);
            found.forEach((r, v) -> out.put(r, List.copyOf(v)));
            return out;
        }
    }
}
