package io.chordmr.operator.reconciler;

import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ttlSecondsAfterFinished}: a finished job is deleted that long after its completion time, as a Kubernetes Job is. */
final class JobExpiry {

    private static final Logger log = LoggerFactory.getLogger(JobExpiry.class);

    private JobExpiry() {
    }

    static Integer ttl(MapReduceJob job) {
        return job.getSpec() == null ? null : job.getSpec().getTtlSecondsAfterFinished();
    }

    /** Deletes the finished job once its time is up, or looks again when it will be. */
    static UpdateControl<MapReduceJob> expire(KubernetesClient client, MapReduceJob job, MapReduceJobStatus s, Instant now) {
        Integer ttl = ttl(job);
        if (ttl == null || s.completionTime == null) {
            return UpdateControl.noUpdate();
        }
        Duration left = Duration.between(now, Instant.parse(s.completionTime).plusSeconds(ttl));
        if (!left.isNegative() && !left.isZero()) {
            return UpdateControl.<MapReduceJob>noUpdate().rescheduleAfter(left.plusMillis(100));
        }
        log.info("operator: job {}/{} finished at {}; ttlSecondsAfterFinished={} passed, deleting it",
                job.getMetadata().getNamespace(), job.getMetadata().getName(), s.completionTime, ttl);
        client.resource(job).delete();
        return UpdateControl.noUpdate();
    }
}
