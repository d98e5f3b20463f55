package dev.firebreak.sim.node;

import dev.firebreak.sim.kubelet.Events;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The kubelet's event recorder: what happens to a pod this agent runs (Started, Killing,
 * Unhealthy, BackOff, and the simulator's Ready/NotReady/Exited) becomes a {@code core/v1} Event
 * on the pod in the API server, so {@code kubectl describe pod} and {@code kubectl get events} show
 * it as on a cluster. Recording never blocks the runtime: events wait in a bounded queue and are
 * dropped when it is full or the API server is gone, as client-go's broadcaster drops them.
 */
final class PodEvents implements Consumer<Events.Event>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PodEvents.class);

    private final KubernetesClient client;
    private final Map<String, PodController.Running> running;
    private final ThreadPoolExecutor sender;
    /** The last event of each series (pod, type, reason), touched only by the sender's one thread. */
    private final Map<String, Recorded> recorded = new java.util.HashMap<>();

    private record Recorded(String name, int count, Instant at) {
    }

    PodEvents(KubernetesClient client, String site, Map<String, PodController.Running> running) {
        this.client = client;
        this.running = running;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(512), r -> {
            Thread t = new Thread(r, site + "-pod-events");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Override
    public void accept(Events.Event event) {
        if (event.reason().equals("Scheduled")) {
            return; // the scheduler records that one itself
        }
        running.entrySet().stream().filter(e -> e.getValue().pod().ref().equals(event.object())).findFirst()
                .ifPresent(e -> sender.execute(() -> send(e.getKey(), e.getValue(), event)));
    }

    private void send(String key, PodController.Running pod, Events.Event event) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        String at = DateTimeFormatter.ISO_INSTANT.format(event.time().truncatedTo(ChronoUnit.SECONDS));
        // As the kubelet's correlator does: the same reason on the same pod again within ten minutes
        // counts on the event already there ("x10 over 20s" in kubectl describe) instead of adding one.
        String series = pod.uid() + "/" + event.type() + "/" + event.reason();
        if (recorded.size() > 512) {
            recorded.values().removeIf(r -> r.at().isBefore(event.time().minus(java.time.Duration.ofMinutes(10))));
        }
        Recorded last = recorded.get(series);
        if (last != null && event.time().isBefore(last.at().plus(java.time.Duration.ofMinutes(10)))) {
            try {
                client.v1().events().inNamespace(namespace).withName(last.name()).patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        io.fabric8.kubernetes.client.utils.Serialization.asJson(Map.of("count", last.count() + 1, "lastTimestamp", at,
                                "message", event.message())));
                recorded.put(series, new Recorded(last.name(), last.count() + 1, event.time()));
                return;
            } catch (RuntimeException e) {
                LOG.debugf("Event %s of %s not counted on %s, recorded anew: %s", event.reason(), key, last.name(), e.getMessage());
            }
        }
        String eventName = name + "." + Long.toHexString(nanos(event.time()));
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(namespace).withName(eventName).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(namespace).withName(name)
                    .withUid(pod.uid()).withFieldPath("spec.containers{" + pod.pod().container().getName() + "}").endInvolvedObject()
                    .withType(event.type()).withReason(event.reason()).withMessage(event.message())
                    .withNewSource().withComponent("kubelet").withHost(pod.node().name()).endSource()
                    .withReportingComponent("kubelet").withReportingInstance(pod.node().name())
                    .withFirstTimestamp(at).withLastTimestamp(at).withCount(1)
                    .build()).create();
            recorded.put(series, new Recorded(eventName, 1, event.time()));
        } catch (RuntimeException e) {
            LOG.debugf("Event %s %s of %s not recorded: %s", event.reason(), event.object(), key, e.getMessage());
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
