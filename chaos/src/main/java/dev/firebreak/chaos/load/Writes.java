package dev.firebreak.chaos.load;

import java.util.function.Supplier;

/**
 * How a careful client makes one write that names itself (an idempotency key, a client message
 * id, or a state transition): it sends it until it is answered, or gives up; every attempt is
 * recorded; a write that may have been applied on any attempt is in doubt unless acknowledged.
 */
final class Writes {

    /** The last answer, what it meant, how many requests it took, and whether any may have applied it. */
    record Result(Api.Answer answer, Outcome outcome, int attempts, boolean maybeApplied) {

        boolean acked() {
            return outcome == Outcome.ACKED;
        }

        /** Never answered, but may have been applied: the verifier must find it at most once. */
        boolean inDoubt() {
            return outcome != Outcome.ACKED && outcome != Outcome.REJECTED && maybeApplied;
        }
    }

    private Writes() {
    }

    static Result perform(Recorder recorder, String service, Retries retries, Supplier<Api.Answer> call) {
        boolean maybeApplied = false;
        Api.Answer answer = null;
        Outcome outcome = Outcome.FAILED;
        int attempt = 0;
        while (attempt < retries.attempts()) {
            attempt++;
            long start = System.nanoTime();
            answer = call.get();
            outcome = answer.writeOutcome();
            recorder.record(service, start, System.nanoTime(), outcome, answer);
            if (outcome == Outcome.ACKED || outcome == Outcome.REJECTED) {
                break;
            }
            maybeApplied |= outcome == Outcome.IN_DOUBT;
            retries.pause(attempt, answer);
        }
        return new Result(answer, outcome, attempt, maybeApplied);
    }
}
