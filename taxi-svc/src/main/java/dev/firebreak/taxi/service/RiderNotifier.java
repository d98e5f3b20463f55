package dev.firebreak.taxi.service;

import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.taxi.client.MessagingClient;
import dev.firebreak.taxi.client.NoticeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/** Tells a rider about their ride through messaging-svc; when it is unavailable the notice waits in the outbox. */
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

    Delivery fallbackNotify(NoticeRequest request, Throwable cause) {
        LOG.warnf("messaging-svc unavailable (%s); notice %s stays pending", cause.getClass().getSimpleName(), request.clientMessageId());
        return Delivery.deferred("messaging-svc unavailable: " + FareCharger.describe(cause));
    }
}
