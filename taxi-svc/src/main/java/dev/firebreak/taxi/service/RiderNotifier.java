package dev.firebreak.taxi.service;

import dev.firebreak.common.client.PeerFallback;
import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.taxi.client.MessagingClient;
import dev.firebreak.taxi.client.NoticeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Tells a rider about their ride through messaging-svc, or messaging-svc in the other region;
 * when both are unavailable the notice waits in the outbox.
 */
@ApplicationScoped
public class RiderNotifier {

    private final MessagingClient messaging;

    public RiderNotifier(MessagingClient messaging) {
        this.messaging = messaging;
    }

    @Timeout(4000)
    @Fallback(fallbackMethod = "fallbackNotify", skipOn = RejectedByDependencyException.class)
    public Delivery notify(NoticeRequest request) {
        messaging.notify(request);
        return Delivery.delivered(request.clientMessageId());
    }

    /** First messaging-svc in the peer region (same client message id: delivered once); when that fails too, defer. */
    Delivery fallbackNotify(NoticeRequest request, Throwable cause) {
        return PeerFallback.to("messaging-svc", "notice " + request.clientMessageId(), cause, () -> {
            messaging.notifyInPeerRegion(request);
            return Delivery.delivered(request.clientMessageId());
        }, outage -> Delivery.deferred(outage.summary()));
    }
}
