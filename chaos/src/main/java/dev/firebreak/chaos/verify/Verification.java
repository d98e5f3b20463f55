package dev.firebreak.chaos.verify;

import java.util.List;

/**
 * One service's writes after a run: how many were acknowledged, lost (acknowledged, not found),
 * duplicated (applied more than once), in doubt (no answer after every retry) and of those
 * committed; whether the service's own invariants hold; and what exactly was wrong.
 */
public record Verification(String service, long acknowledged, long lost, long duplicated, long inDoubt, long inDoubtCommitted,
        boolean invariantsHold, List<String> problems) {

    public boolean passed() {
        return lost == 0 && duplicated == 0 && invariantsHold;
    }
}
