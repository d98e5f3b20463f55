package dev.firebreak.chaos.history;

import java.util.List;

/** One breach of a {@link Rule}: what is wrong, and the operations of the history that show it. */
public record Violation(Rule rule, String what, List<History.Op> evidence) {
}
