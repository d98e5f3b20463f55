package dev.firebreak.taxi.service;

import dev.firebreak.common.client.PeerFallback;
import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.taxi.client.ChargeRequest;
import dev.firebreak.taxi.client.PaymentClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Charges a ride's fare, bounded in time. The deliberate fallbacks: payment-svc in the other region,
 * then deferring: the charge stays PENDING in the outbox and the ride completes anyway, which is the
 * degradation Kakao T lacked.
 */
@ApplicationScoped
public class FareCharger {

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
        return PeerFallback.to("payment-svc", "charge " + idempotencyKey + " of " + request.amount() + " won", cause,
                () -> Delivery.delivered(String.valueOf(payments.payInPeerRegion(idempotencyKey, request).transferId())),
                outage -> Delivery.deferred(outage.summary()));
    }
}
