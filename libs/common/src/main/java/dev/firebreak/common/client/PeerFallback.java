package dev.firebreak.common.client;

import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What every call to another service falls back to when the local one failed: the same call, with
 * the same idempotency key, to the same service in the peer region ({@link PeerRegion}); when that
 * fails too, the caller's own degradation (defer to the outbox, or a clear retryable refusal). A
 * refusal from the peer region ({@link RejectedByDependencyException}) is an answer, not an outage:
 * it reaches the caller as it is. The policy (timeout, breaker, which failures fall back) stays on
 * the caller's method, as annotations; this is only the fallback's body.
 *
 * <pre>{@code
 * @Timeout(4000)
 * @Fallback(fallbackMethod = "fallbackCharge", skipOn = RejectedByDependencyException.class)
 * public Delivery charge(String key, ChargeRequest request) { ... }
 *
 * Delivery fallbackCharge(String key, ChargeRequest request, Throwable cause) {
 *     return PeerFallback.to("payment-svc", "charge " + key, cause,
 *             () -> Delivery.delivered(payments.payInPeerRegion(key, request).transferId()),
 *             outage -> Delivery.deferred(outage.summary()));
 * }
 * }</pre>
 */
public final class PeerFallback {

    private static final Logger LOG = Logger.getLogger(PeerFallback.class);

    /** The dependency failed here ({@code here}) and in the peer region ({@code peer}). */
    public record Outage(String dependency, Throwable here, RuntimeException peer) {

        /** "payment-svc unavailable: TimeoutException (...)": for a deferred delivery's reason. */
        public String summary() {
            return dependency + " unavailable: " + describe(here);
        }
    }

    private PeerFallback() {
    }

    /**
     * After the local call of {@code what} to {@code dependency} failed with {@code cause}: the
     * peer region's answer, else {@code degrade}'s (which may throw the caller's refusal).
     */
    public static <T> T to(String dependency, String what, Throwable cause, Supplier<T> inPeerRegion, Function<Outage, T> degrade) {
        try {
            T answer = inPeerRegion.get();
            LOG.warnf("%s unavailable here (%s); %s served by the peer region", dependency, describe(cause), what);
            return answer;
        } catch (RejectedByDependencyException refused) {
            throw refused;
        } catch (RuntimeException peerToo) {
            LOG.warnf("%s unavailable here (%s) and in the peer region (%s); %s degraded", dependency, describe(cause), describe(peerToo),
                    what);
            return degrade.apply(new Outage(dependency, cause, peerToo));
        }
    }

    /** A failure in a few words: its type and the first line of its message. */
    public static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message.lines().findFirst().orElse("") + ")");
    }
}
