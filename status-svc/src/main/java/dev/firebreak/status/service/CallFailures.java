package dev.firebreak.status.service;

import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** Why a probe got no answer, in words, and whether it was for want of time. */
final class CallFailures {

    private CallFailures() {
    }

    /** Why a call got no answer, in words: a timeout, an open breaker, or the root cause. */
    static String describe(Throwable e, long elapsedMs) {
        if (e instanceof CircuitBreakerOpenException) {
            return "probe breaker open after repeated failures";
        }
        if (timedOut(e)) {
            return "no answer within " + elapsedMs + " ms";
        }
        Throwable t = rootCause(e);
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Whether a call failed for want of an answer in time (rather than being refused, reset or answered badly). */
    static boolean timedOut(Throwable e) {
        Throwable t = rootCause(e);
        return e instanceof TimeoutException || e instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException
                || t.getClass().getSimpleName().contains("Timeout");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
