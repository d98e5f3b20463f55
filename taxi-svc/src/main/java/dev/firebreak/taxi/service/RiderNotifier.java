package dev.firebreak.taxi.service;

import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.taxi.client.MessagingClient;
import dev.firebreak.taxi.client.NoticeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Tells a rider about their ride through messaging-svc, or messaging-svc in the other region;
 * when both are unavailable the notice waits in the outbox.
 */
@ApplicationScoped
public class RiderNotifier {

    private static final Logger LOG = Logger.getLogger(RiderNotifier.class);

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
        try {
            messaging.notifyInPeerRegion(request);
            LOG.warnf("messaging-svc unavailable here (%s); notice %s delivered through the peer region", FareCharger.describe(cause),
                    request.clientMessageId());
            return Delivery.delivered(request.clientMessageId());
        } catch (RejectedByDependencyException refused) {
            throw refused;
        } catch (RuntimeException peerToo) {
            LOG.warnf("messaging-svc unavailable here and in the peer region (%s); notice %s stays pending", FareCharger.describe(peerToo),
                    request.clientMessageId());
            return Delivery.deferred("messaging-svc unavailable: " + FareCharger.describe(cause));
        }
    }
}
