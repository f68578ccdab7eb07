package io.chordmr.operator.reconciler;

import io.chordmr.client.JobRejectedException;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.client.NodeApi;
import io.chordmr.client.NodeApiException;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.JobSpecProblems;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MapReduceJob} on its cluster. Each reconcile reads observe → validate → act →
 * patch status: it checks the spec, waits for the cluster to be Ready, submits the job under the
 * resource's uid (the ring keeps jobs by id, so a restarted operator finds the job instead of
 * submitting it again) or asks its coordinator how it goes, and patches what follows ({@link
 * StatusMapper}) with an event per transition ({@link JobEvents}). Deleting a running job cancels
 * it; {@code ttlSecondsAfterFinished} deletes a finished one ({@link JobExpiry}).
 */
@ControllerConfiguration
public class MapReduceJobReconciler implements Reconciler<MapReduceJob>, Cleaner<MapReduceJob> {

    private static final Logger log = LoggerFactory.getLogger(MapReduceJobReconciler.class);

    static final int PREVIEW_LINES = 20;
    private static final String CLUSTER_INDEX = "by-cluster";
    /** A cluster that became Ready raises an event; this is only the backstop. */
    private static final Duration WAIT_RECHECK = Duration.ofSeconds(15);
    /** How long a delete waits for an unreachable cluster to take the cancel before letting the job go. */
    private static final Duration CLEANUP_PATIENCE = Duration.ofMinutes(2);

    /** What a reconcile decided: the next status, and when to look again (null: as the phase wants). */
    private record Step(MapReduceJobStatus status, Duration recheck) {
    }

    private final NodeClient nodes;
    private final Duration poll;
    private final ClusterTokens tokens = new ClusterTokens();
    private final JobMetrics metrics;

    /** @param poll how often a running job's coordinator is asked for progress */
    public MapReduceJobReconciler(NodeClient nodes, Duration poll) {
        this(nodes, poll, new JobMetrics(new SimpleMeterRegistry()));
    }

    public MapReduceJobReconciler(NodeClient nodes, Duration poll, JobMetrics metrics) {
        this.nodes = nodes;
        this.poll = poll;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, MapReduceJob>> prepareEventSources(EventSourceContext<MapReduceJob> context) {
        context.getPrimaryCache().addIndexer(CLUSTER_INDEX, job -> clusterOf(job) == null ? List.of()
                : List.of(key(job.getMetadata().getNamespace(), clusterOf(job))));
        var config = InformerEventSourceConfiguration.from(MapReduceCluster.class, MapReduceJob.class)
                .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<MapReduceJob>) job -> clusterOf(job) == null ? Set.of()
                        : Set.of(new ResourceID(clusterOf(job), job.getMetadata().getNamespace())))
                .withSecondaryToPrimaryMapper(cluster -> context.getPrimaryCache()
                        .byIndex(CLUSTER_INDEX, key(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(config, context));
    }

    @Override
    public UpdateControl<MapReduceJob> reconcile(MapReduceJob job, Context<MapReduceJob> context) {
        MapReduceJobStatus prev = job.getStatus() == null ? new MapReduceJobStatus() : job.getStatus();
        if (Phase.of(prev.phase).ended()) {
            metrics.observe(ResourceID.fromResource(job), prev, prev);
            return JobExpiry.expire(context.getClient(), job, prev, Instant.now());
        }
        return patch(context.getClient(), job, prev, step(job, prev, context));
    }

    /** Validate, observe the cluster, act on the ring; a suspended job that was suspended before is marked resumed. */
    private Step step(MapReduceJob job, MapReduceJobStatus prev, Context<MapReduceJob> context) {
        Step s = decide(job, prev, context);
        return new Step(StatusMapper.resumed(prev, s.status(), job.getMetadata().getGeneration()), s.recheck());
    }

    private Step decide(MapReduceJob job, MapReduceJobStatus prev, Context<MapReduceJob> context) {
        Long generation = job.getMetadata().getGeneration();
        List<String> problems = problems(job.getSpec());
        if (!problems.isEmpty()) {
            return new Step(StatusMapper.failed(prev, Reason.InvalidSpec, "invalid spec: " + String.join("; ", problems), generation,
                    Instant.now()), null);
        }
        MapReduceCluster cluster = context.getSecondaryResource(MapReduceCluster.class).orElse(null);
        boolean submitted = prev.startTime != null;
        Instant deadline = deadline(job);
        if (deadline != null && !Instant.now().isBefore(deadline)) {
            return new Step(pastDeadline(job, prev, context.getClient(), cluster, submitted), null);
        }
        if (job.getSpec().suspendOrDefault() && !submitted) {
            return new Step(StatusMapper.suspendedBeforeStart(prev, generation), null);
        }
        if (cluster == null) {
            String message = "no MapReduceCluster named '" + clusterOf(job) + "' in namespace " + job.getMetadata().getNamespace();
            return submitted
                    ? new Step(StatusMapper.failed(prev, Reason.ClusterNotFound, message + "; it was deleted while the job ran", generation,
                            Instant.now()), null)
                    : new Step(StatusMapper.waiting(prev, message, generation), WAIT_RECHECK);
        }
        if (!submitted && !Conditions.isTrue(cluster.getStatus() == null ? null : cluster.getStatus().conditions, ConditionType.Ready)) {
            int ready = cluster.getStatus() == null ? 0 : cluster.getStatus().readyReplicas;
            int replicas = cluster.getStatus() == null ? 0 : cluster.getStatus().replicas;
            return new Step(StatusMapper.waiting(prev, "waiting for MapReduceCluster '" + clusterOf(job) + "' to be Ready (" + ready
                    + " of " + replicas + " nodes ready)", generation), WAIT_RECHECK);
        }
        return new Step(run(job, prev, context.getClient(), cluster, submitted), null);
    }

    /** Submits the job if the ring does not know it, and maps what the ring reports. */
    private MapReduceJobStatus run(MapReduceJob job, MapReduceJobStatus prev, KubernetesClient client, MapReduceCluster cluster,
                                   boolean submitted) {
        String id = job.getMetadata().getUid();
        Long generation = job.getMetadata().getGeneration();
        try {
            NodeApi api = tokens.api(nodes, client, cluster, pods(cluster));
            JobStatus view = api.job(id).orElse(null);
            boolean fresh = view == null;
            if (fresh) {
                view = api.submit(id, job.getMetadata().getName(), job.getSpec());
            }
            boolean suspend = job.getSpec().suspendOrDefault();
            if (!view.terminal() && view.suspended() != suspend) {
                view = api.suspend(id, suspend).orElse(view);
            }
            List<String> preview = view.state() == JobState.SUCCEEDED && view.outputDataset() != null
                    ? api.head(view.outputDataset(), PREVIEW_LINES) : List.of();
            MapReduceJobStatus next = StatusMapper.follow(prev, view, generation, preview, Instant.now());
            if (fresh) {
                Reason reason = submitted ? Reason.Resubmitted : Reason.Submitted;
                Events.normal(client, job, reason.name(), reason.name().toLowerCase() + " to MapReduceCluster '" + clusterOf(job)
                        + "' as job " + id + (submitted ? " (the ring had no record of it)" : ""));
            }
            return next;
        } catch (JobRejectedException e) {
            return StatusMapper.failed(prev, Reason.InvalidSpec, "the cluster refused the job: " + String.join("; ", e.problems()),
                    generation, Instant.now());
        } catch (NodeApiException e) {
            String message = "cannot reach MapReduceCluster '" + clusterOf(job) + "': " + e.getMessage();
            log.info("operator: job {}/{}: {}", job.getMetadata().getNamespace(), job.getMetadata().getName(), message);
            return StatusMapper.unreachable(prev, message);
        }
    }

    /** When the job must have ended: {@code activeDeadlineSeconds} after its creation; null without one. */
    static Instant deadline(MapReduceJob job) {
        Long seconds = job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds();
        String created = job.getMetadata().getCreationTimestamp();
        return seconds == null || created == null ? null : Instant.parse(created).plusSeconds(seconds);
    }

    /**
     * The deadline passed: a submitted job is cancelled on the ring (the ring's own deadline,
     * counted from submission, is the backstop), then it fails.
     */
    private MapReduceJobStatus pastDeadline(MapReduceJob job, MapReduceJobStatus prev, KubernetesClient client, MapReduceCluster cluster,
                                            boolean submitted) {
        long seconds = job.getSpec().getActiveDeadlineSeconds();
        String where = "";
        if (submitted && cluster != null) {
            try {
                tokens.api(nodes, client, cluster, pods(cluster)).cancel(job.getMetadata().getUid());
                where = "; cancelled on MapReduceCluster '" + clusterOf(job) + "'";
            } catch (NodeApiException e) {
                where = "; MapReduceCluster '" + clusterOf(job) + "' could not be told (" + e.getMessage()
                        + "), and will end the job at its own deadline";
            }
        }
        String message = "the job did not finish within spec.activeDeadlineSeconds (" + seconds + " s after its creation)"
                + (submitted ? "" : "; it never started") + where;
        return StatusMapper.failed(prev, Reason.DeadlineExceeded, message, job.getMetadata().getGeneration(), Instant.now());
    }

    /**
     * Patches the status when it changed, with an event when the phase or the deciding condition's
     * reason did; keeps polling while the job runs and schedules its expiry when it ended.
     */
    private UpdateControl<MapReduceJob> patch(KubernetesClient client, MapReduceJob job, MapReduceJobStatus prev, Step step) {
        MapReduceJobStatus next = step.status();
        JobEvents.transition(client, job, prev, next);
        metrics.observe(ResourceID.fromResource(job), prev, next);
        UpdateControl<MapReduceJob> control;
        if (Serialization.asJson(next).equals(Serialization.asJson(prev))) {
            control = UpdateControl.noUpdate();
        } else {
            MapReduceJob patch = new MapReduceJob();
            patch.setMetadata(new ObjectMetaBuilder().withName(job.getMetadata().getName())
                    .withNamespace(job.getMetadata().getNamespace()).build());
            patch.setStatus(next);
            control = UpdateControl.patchStatus(patch);
        }
        if (!Phase.of(next.phase).ended()) {
            Duration after = step.recheck() != null ? step.recheck() : Phase.of(next.phase) == Phase.Suspended && next.startTime == null
                    ? WAIT_RECHECK : pollAfter(next);
            // A deadline is kept to the second, however long the wait it interrupts.
            Instant deadline = deadline(job);
            if (deadline != null) {
                Duration left = Duration.between(Instant.now(), deadline).plusMillis(50);
                after = left.isNegative() ? Duration.ZERO : left.compareTo(after) < 0 ? left : after;
            }
            return control.rescheduleAfter(after);
        }
        Integer ttl = JobExpiry.ttl(job);
        return ttl == null ? control : control.rescheduleAfter(Duration.ofSeconds(ttl));
    }

    /**
     * Small jobs end within a second or two: look often at first, so that {@code kubectl wait}
     * returns soon after the job ends, then settle at the configured interval.
     */
    private Duration pollAfter(MapReduceJobStatus s) {
        if (s.startTime == null) {
            return poll;
        }
        // Only the coordinator is asked this often; the API server sees a patch only when the status changed.
        Duration running = Duration.between(Instant.parse(s.startTime), Instant.now());
        Duration early = running.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofMillis(100)
                : running.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofMillis(500) : poll;
        return early.compareTo(poll) < 0 ? early : poll;
    }

    @Override
    public DeleteControl cleanup(MapReduceJob job, Context<MapReduceJob> context) {
        metrics.forget(ResourceID.fromResource(job));
        MapReduceJobStatus s = job.getStatus();
        if (s == null || s.startTime == null) {
            return DeleteControl.defaultDelete(); // never submitted
        }
        MapReduceCluster cluster = context.getSecondaryResource(MapReduceCluster.class).orElse(null);
        if (cluster == null) {
            return DeleteControl.defaultDelete(); // the cluster and its data are gone already
        }
        KubernetesClient client = context.getClient();
        String id = job.getMetadata().getUid();
        if (Phase.of(s.phase).ended()) {
            // Its coordinator cleaned up when it ended; the ring forgets the job with its resource (the output stays).
            try {
                tokens.api(nodes, client, cluster, pods(cluster)).purge(id);
            } catch (NodeApiException e) {
                log.warn("operator: job {}/{} deleted; its record stays on the ring: {}", job.getMetadata().getNamespace(),
                        job.getMetadata().getName(), e.getMessage());
            }
            return DeleteControl.defaultDelete();
        }
        try {
            tokens.api(nodes, client, cluster, pods(cluster)).cancel(id);
            Events.normal(client, job, Reason.Cancelled.name(), "the job was deleted while it ran: cancelled on MapReduceCluster '"
                    + clusterOf(job) + "', its intermediate data removed");
            return DeleteControl.defaultDelete();
        } catch (NodeApiException e) {
            String deleted = job.getMetadata().getDeletionTimestamp();
            if (deleted != null && Instant.parse(deleted).plus(CLEANUP_PATIENCE).isBefore(Instant.now())) {
                Events.warning(client, job, Reason.CleanupAbandoned.name(), "could not cancel the job on MapReduceCluster '"
                        + clusterOf(job) + "' for " + CLEANUP_PATIENCE.toMinutes() + " minutes: " + e.getMessage());
                return DeleteControl.defaultDelete();
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5).toMillis());
        }
    }

    /** What is wrong with the spec before any cluster is asked; each problem names its field. */
    public static List<String> problems(JobSpec spec) {
        if (spec == null) {
            return List.of("spec is missing");
        }
        List<String> p = new ArrayList<>();
        if (spec.getCluster() == null || spec.getCluster().isBlank()) {
            p.add("spec.cluster is missing: name the MapReduceCluster to run on");
        }
        p.addAll(JobSpecProblems.of(spec));
        return p;
    }

    private static int pods(MapReduceCluster cluster) {
        return cluster.getStatus() == null ? 0 : cluster.getStatus().replicas;
    }

    private static String clusterOf(MapReduceJob job) {
        return job.getSpec() == null ? null : job.getSpec().getCluster();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
