package dev.firebreak.taxi.service;

import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.taxi.client.ChargeRequest;
import dev.firebreak.taxi.client.PaymentClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Charges a ride's fare, bounded in time. The deliberate fallbacks: payment-svc in the other region,
 * then deferring: the charge stays PENDING in the outbox and the ride completes anyway, which is the
 * degradation Kakao T lacked.
 */
@ApplicationScoped
public class FareCharger {

    private static final Logger LOG = Logger.getLogger(FareCharger.class);

    private final PaymentClient payments;

    public FareCharger(PaymentClient payments) {
        this.payments = payments;
    }

    /** Delivered with the transfer id, or deferred; throws {@link RejectedByDependencyException} when refused. */
    @Timeout(4000)
    @Fallback(fallbackMethod = "fallbackCharge", skipOn = RejectedByDependencyException.class)
    public Delivery charge(String idempotencyKey, ChargeRequest request) {
        return Delivery.delivered(String.valueOf(payments.pay(idempotencyKey, request).transferId()));
    }

    /**
     * First the same charge, same key, in the peer region (safe: payment-svc applies a key once,
     * whichever region's payment-svc receives it); when that fails too, defer.
     */
    Delivery fallbackCharge(String idempotencyKey, ChargeRequest request, Throwable cause) {
        try {
            Delivery delivered = Delivery.delivered(String.valueOf(payments.payInPeerRegion(idempotencyKey, request).transferId()));
            LOG.warnf("payment-svc unavailable here (%s); charge %s settled through the peer region", describe(cause), idempotencyKey);
            return delivered;
        } catch (RejectedByDependencyException refused) {
            throw refused;
        } catch (RuntimeException peerToo) {
            LOG.warnf("payment-svc unavailable here (%s) and in the peer region (%s); charge %s of %d won stays pending",
                    describe(cause), describe(peerToo), idempotencyKey, request.amount());
            return Delivery.deferred("payment-svc unavailable: " + describe(cause));
        }
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message.lines().findFirst().orElse("") + ")");
    }
}
