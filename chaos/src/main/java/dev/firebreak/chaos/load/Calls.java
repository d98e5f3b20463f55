package dev.firebreak.chaos.load;

import java.util.function.Supplier;

/**
 * How a careful client makes one call: it sends it until it is answered, or gives up; every
 * attempt is recorded. A write names itself (an idempotency key, a client message id, or a state
 * transition), so a retry cannot apply it twice; one that may have been applied on any attempt is
 * in doubt unless acknowledged. A read is retried the same way (it changes nothing).
 *
 * <p>The first attempt is timed from {@code dueNanos}, when the open-loop schedule wanted the
 * activity to start, so a client held up behind others (coordinated omission) counts its wait.
 */
final class Calls {

    /**
     * The last answer, what it meant, how many requests it took, whether any may have applied it,
     * and when the call began (its due time) and ended (System.nanoTime()).
     */
    record Result(Api.Answer answer, Outcome outcome, int attempts, boolean maybeApplied, long invokeNanos, long completeNanos) {

        boolean acked() {
            return outcome == Outcome.ACKED;
        }

        /** Never answered, but may have been applied: the verifier must find it at most once. */
        boolean inDoubt() {
            return outcome != Outcome.ACKED && outcome != Outcome.REJECTED && maybeApplied;
        }

        /** What the client is left with: not acknowledged and not refused (failed, or in doubt) after every retry. */
        boolean failed() {
            return outcome.error();
        }
    }

    private Calls() {
    }

    static Result write(Recorder recorder, String service, Retries retries, long dueNanos, Supplier<Api.Answer> call) {
        return perform(recorder, service, retries, dueNanos, call, true);
    }

    static Result read(Recorder recorder, String service, Retries retries, long dueNanos, Supplier<Api.Answer> call) {
        return perform(recorder, service, retries, dueNanos, call, false);
    }

    private static Result perform(Recorder recorder, String service, Retries retries, long dueNanos, Supplier<Api.Answer> call,
            boolean write) {
        boolean maybeApplied = false;
        Api.Answer answer = null;
        Outcome outcome = Outcome.FAILED;
        int attempt = 0;
        long start = Math.min(dueNanos, System.nanoTime());
        long invoked = start;
        while (attempt < retries.attempts()) {
            attempt++;
            answer = call.get();
            outcome = write ? answer.writeOutcome() : answer.readOutcome();
            recorder.record(service, start, System.nanoTime(), outcome, answer);
            if (outcome == Outcome.ACKED || outcome == Outcome.REJECTED) {
                break;
            }
            maybeApplied |= outcome == Outcome.IN_DOUBT;
            if (attempt < retries.attempts()) {
                retries.pause(attempt, answer);
            }
            start = System.nanoTime();
        }
        return new Result(answer, outcome, attempt, write && maybeApplied, invoked, System.nanoTime());
    }
}
