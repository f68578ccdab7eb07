package io.chordmr.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes events on a resource, as {@code kubectl describe} shows them. Best effort: a lost event never fails a reconcile. */
final class Events {

    private static final Logger log = LoggerFactory.getLogger(Events.class);
    static final String COMPONENT = "chordmr-operator";

    private Events() {
    }

    static void normal(KubernetesClient client, HasMetadata on, String reason, String message) {
        record(client, on, "Normal", reason, message);
    }

    static void warning(KubernetesClient client, HasMetadata on, String reason, String message) {
        record(client, on, "Warning", reason, message);
    }

    private static void record(KubernetesClient client, HasMetadata on, String type, String reason, String message) {
        String now = Instant.now().toString();
        String ns = on.getMetadata().getNamespace();
        var event = new EventBuilder()
                .withNewMetadata().withNamespace(ns)
                .withName(on.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis())
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000)))
                .endMetadata()
                .withNewInvolvedObject().withApiVersion(on.getApiVersion()).withKind(on.getKind()).withName(on.getMetadata().getName())
                .withNamespace(ns).withUid(on.getMetadata().getUid()).withResourceVersion(on.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withNewSource().withComponent(COMPONENT).endSource().withReportingComponent(COMPONENT)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(event).create();
        } catch (KubernetesClientException e) {
            log.warn("operator: could not record event {} on {}/{}: {}", reason, ns, on.getMetadata().getName(), e.getMessage());
        }
        log.info("operator: {} {}/{} {}: {}", on.getKind(), ns, on.getMetadata().getName(), reason, message);
    }
}
