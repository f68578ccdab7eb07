package io.chordmr.operator.reconciler;

import io.chordmr.client.NodeApiException;
import io.chordmr.client.NodeApi;
import io.chordmr.client.JobStatus;
import io.chordmr.client.JobState;
import io.chordmr.client.JobRejectedException;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.JobSpecProblems;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.JobOutput;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.chordmr.operator.crd.TaskCounts;
import io.chordmr.operator.dependent.ClusterNames;
import io.chordmr.operator.dependent.TokenSecretDependent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MapReduceJob} on its cluster: validates it, waits for the cluster to be Ready,
 * submits it under the resource's uid (the ring keeps jobs by id, so a restarted operator finds
 * the job instead of submitting it again), follows the coordinator and writes what it reports
 * into the status. Deleting a running job cancels it; {@code ttlSecondsAfterFinished} deletes a
 * finished one.
 */
@ControllerConfiguration
public class MapReduceJobReconciler implements Reconciler<MapReduceJob>, Cleaner<MapReduceJob> {

    private static final Logger log = LoggerFactory.getLogger(MapReduceJobReconciler.class);

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    static final int PREVIEW_LINES = 20;
    private static final String CLUSTER_INDEX = "by-cluster";
    /** A cluster that became Ready raises an event; this is only the backstop. */
    private static final Duration WAIT_RECHECK = Duration.ofSeconds(15);
    /** How long a delete waits for an unreachable cluster to take the cancel before letting the job go. */
    private static final Duration CLEANUP_PATIENCE = Duration.ofMinutes(2);

    private final NodeClient nodes;
    private final Duration poll;
    /** Tokens by cluster uid: the Secret is created once with its cluster, so one read per cluster. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public MapReduceJobReconciler() {
        this(new NodeClient(NodeClient.podDns()), Duration.ofSeconds(2));
    }

    /** @param poll how often a running job's coordinator is asked for progress */
    public MapReduceJobReconciler(NodeClient nodes, Duration poll) {
        this.nodes = nodes;
        this.poll = poll;
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
        if (SUCCEEDED.equals(prev.phase) || FAILED.equals(prev.phase)) {
            return expire(job, prev, context.getClient());
        }
        List<String> problems = problems(job.getSpec());
        if (!problems.isEmpty()) {
            String message = "invalid spec: " + String.join("; ", problems);
            return finish(job, prev, context.getClient(), failed(job, prev, "InvalidSpec", message));
        }
        MapReduceCluster cluster = context.getSecondaryResource(MapReduceCluster.class).orElse(null);
        boolean submitted = prev.startTime != null;
        if (cluster == null) {
            String message = "no MapReduceCluster named '" + clusterOf(job) + "' in namespace " + job.getMetadata().getNamespace();
            if (submitted) {
                return finish(job, prev, context.getClient(), failed(job, prev, "ClusterNotFound", message + "; it was deleted while the job ran"));
            }
            return waiting(job, prev, context.getClient(), message);
        }
        if (!submitted && !Conditions.isTrue(cluster.getStatus() == null ? null : cluster.getStatus().conditions, "Ready")) {
            int ready = cluster.getStatus() == null ? 0 : cluster.getStatus().readyReplicas;
            int replicas = cluster.getStatus() == null ? 0 : cluster.getStatus().replicas;
            return waiting(job, prev, context.getClient(), "waiting for MapReduceCluster '" + clusterOf(job) + "' to be Ready ("
                    + ready + " of " + replicas + " nodes ready)");
        }
        String token = token(context.getClient(), cluster);
        int pods = pods(cluster);
        String id = job.getMetadata().getUid();
        try {
            NodeApi api = nodes.forCluster(cluster, token, pods);
            JobStatus view = api.job(id).orElse(null);
            boolean fresh = view == null;
            if (fresh) {
                view = api.submit(id, job.getMetadata().getName(), job.getSpec());
            }
            MapReduceJobStatus next = follow(job, prev, cluster, token, view);
            if (fresh) {
                String verb = submitted ? "Resubmitted" : "Submitted";
                Events.normal(context.getClient(), job, verb, verb.toLowerCase() + " to MapReduceCluster '" + clusterOf(job)
                        + "' as job " + id + (submitted ? " (the ring had no record of it)" : ""));
            }
            return finish(job, prev, context.getClient(), next);
        } catch (JobRejectedException e) {
            return finish(job, prev, context.getClient(), failed(job, prev, "InvalidSpec", "the cluster refused the job: "
                    + String.join("; ", e.problems())));
        } catch (NodeApiException e) {
            MapReduceJobStatus next = copy(prev);
            next.message = "cannot reach MapReduceCluster '" + clusterOf(job) + "': " + e.getMessage();
            log.info("operator: job {}/{}: {}", job.getMetadata().getNamespace(), job.getMetadata().getName(), next.message);
            return finish(job, prev, context.getClient(), next);
        }
    }

    @Override
    public DeleteControl cleanup(MapReduceJob job, Context<MapReduceJob> context) {
        MapReduceJobStatus s = job.getStatus();
        if (s == null || s.startTime == null) {
            return DeleteControl.defaultDelete(); // never submitted
        }
        MapReduceCluster cluster = context.getSecondaryResource(MapReduceCluster.class).orElse(null);
        if (cluster == null) {
            return DeleteControl.defaultDelete(); // the cluster and its data are gone already
        }
        if (SUCCEEDED.equals(s.phase) || FAILED.equals(s.phase)) {
            // Its coordinator cleaned up when it ended; the ring forgets the job with its resource (the output stays).
            try {
                nodes.forCluster(cluster, token(context.getClient(), cluster), pods(cluster)).purge(job.getMetadata().getUid());
            } catch (NodeApiException e) {
                log.warn("operator: job {}/{} deleted; its record stays on the ring: {}", job.getMetadata().getNamespace(),
                        job.getMetadata().getName(), e.getMessage());
            }
            return DeleteControl.defaultDelete();
        }
        try {
            nodes.forCluster(cluster, token(context.getClient(), cluster), pods(cluster)).cancel(job.getMetadata().getUid());
            Events.normal(context.getClient(), job, "Cancelled", "the job was deleted while it ran: cancelled on MapReduceCluster '"
                    + clusterOf(job) + "', its intermediate data removed");
            return DeleteControl.defaultDelete();
        } catch (NodeApiException e) {
            String deleted = job.getMetadata().getDeletionTimestamp();
            if (deleted != null && Instant.parse(deleted).plus(CLEANUP_PATIENCE).isBefore(Instant.now())) {
                Events.warning(context.getClient(), job, "CleanupAbandoned", "could not cancel the job on MapReduceCluster '"
                        + clusterOf(job) + "' for " + CLEANUP_PATIENCE.toMinutes() + " minutes: " + e.getMessage());
                return DeleteControl.defaultDelete();
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5).toMillis());
        }
    }

    /** The status that follows from what the coordinator reports. */
    private MapReduceJobStatus follow(MapReduceJob job, MapReduceJobStatus prev, MapReduceCluster cluster, String token, JobStatus v) {
        MapReduceJobStatus s = copy(prev);
        s.phase = switch (v.state()) {
            case PENDING -> PENDING;
            case RUNNING -> RUNNING;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED, CANCELLED -> FAILED;
        };
        boolean succeeded = v.state() == JobState.SUCCEEDED;
        s.progress = (int) Math.floor(v.percent()) + "%";
        s.maps = counts(v.maps());
        s.reduces = counts(v.reduces());
        s.counters = new TreeMap<>(v.counters() == null ? Map.of() : v.counters());
        s.startTime = prev.startTime != null ? prev.startTime : time(v.startTime() > 0 ? v.startTime() : System.currentTimeMillis());
        s.observedGeneration = job.getMetadata().getGeneration();
        Long gen = s.observedGeneration;
        if (v.terminal()) {
            s.completionTime = time(v.endTime() > 0 ? v.endTime() : System.currentTimeMillis());
            s.conditions = Conditions.with(prev.conditions, s.conditions, RUNNING, false, succeeded ? "Completed" : v.state().label(),
                    "the job ended: " + v.state().label(), gen);
        }
        if (succeeded) {
            s.output = new JobOutput();
            s.output.dataset = v.outputDataset();
            s.output.records = v.outputRecords();
            s.output.preview = nodes.forCluster(cluster, token, pods(cluster)).head(v.outputDataset(), PREVIEW_LINES);
            s.message = v.outputRecords() + " records in dataset " + v.outputDataset();
            s.conditions = Conditions.with(prev.conditions, s.conditions, SUCCEEDED, true, "Completed", s.message, gen);
        } else if (v.terminal()) {
            String reason = v.state() == JobState.CANCELLED ? "Cancelled" : "JobFailed";
            s.message = v.error() == null ? "the job " + v.state().label().toLowerCase() : v.error();
            s.conditions = Conditions.with(prev.conditions, s.conditions, FAILED, true, reason, s.message, gen);
        } else {
            s.message = PENDING.equals(s.phase) ? "submitted; waiting for its coordinator to start"
                    : v.phase().label().toLowerCase() + " phase: " + s.maps.summary + " maps, " + s.reduces.summary + " reduces done";
            s.conditions = Conditions.with(prev.conditions, s.conditions, RUNNING, true, PENDING.equals(s.phase) ? "Submitted" : RUNNING,
                    s.message, gen);
        }
        return s;
    }

    private static MapReduceJobStatus failed(MapReduceJob job, MapReduceJobStatus prev, String reason, String message) {
        MapReduceJobStatus s = copy(prev);
        Long gen = job.getMetadata().getGeneration();
        s.phase = FAILED;
        s.message = message;
        s.observedGeneration = gen;
        s.completionTime = Instant.now().toString();
        s.conditions = Conditions.with(prev.conditions, s.conditions, RUNNING, false, reason, message, gen);
        s.conditions = Conditions.with(prev.conditions, s.conditions, FAILED, true, reason, message, gen);
        return s;
    }

    private UpdateControl<MapReduceJob> waiting(MapReduceJob job, MapReduceJobStatus prev, KubernetesClient client, String message) {
        MapReduceJobStatus s = copy(prev);
        s.phase = PENDING;
        s.message = message;
        s.observedGeneration = job.getMetadata().getGeneration();
        s.conditions = Conditions.with(prev.conditions, s.conditions, RUNNING, false, "WaitingForCluster", message, s.observedGeneration);
        return finish(job, prev, client, s).rescheduleAfter(WAIT_RECHECK);
    }

    /**
     * Patches the status when it changed, with an event when the phase or a condition's reason
     * did; keeps polling while the job runs and schedules its expiry when it ended.
     */
    private UpdateControl<MapReduceJob> finish(MapReduceJob job, MapReduceJobStatus prev, KubernetesClient client,
                                              MapReduceJobStatus next) {
        transitionEvent(job, prev, next, client);
        boolean ended = SUCCEEDED.equals(next.phase) || FAILED.equals(next.phase);
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
        if (!ended) {
            return control.rescheduleAfter(pollAfter(next));
        }
        Integer ttl = job.getSpec() == null ? null : job.getSpec().getTtlSecondsAfterFinished();
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

    private static void transitionEvent(MapReduceJob job, MapReduceJobStatus prev, MapReduceJobStatus next, KubernetesClient client) {
        String before = prev.phase + "/" + lastReason(prev);
        String after = next.phase + "/" + lastReason(next);
        if (before.equals(after)) {
            return;
        }
        String reason = lastReason(next);
        switch (next.phase) {
            case FAILED -> Events.warning(client, job, reason, next.message);
            case SUCCEEDED -> Events.normal(client, job, SUCCEEDED, next.message);
            case RUNNING -> Events.normal(client, job, "Started", next.message);
            default -> {
                if ("WaitingForCluster".equals(reason)) {
                    Events.normal(client, job, reason, next.message);
                }
            }
        }
    }

    /** The reason of the condition that decides the phase. */
    private static String lastReason(MapReduceJobStatus s) {
        String type = SUCCEEDED.equals(s.phase) ? SUCCEEDED : FAILED.equals(s.phase) ? FAILED : RUNNING;
        return Conditions.find(s.conditions, type).map(c -> c.getReason()).orElse("");
    }

    /** A finished job is deleted {@code ttlSecondsAfterFinished} after its completion time. */
    private static UpdateControl<MapReduceJob> expire(MapReduceJob job, MapReduceJobStatus s, KubernetesClient client) {
        Integer ttl = job.getSpec() == null ? null : job.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null || s.completionTime == null) {
            return UpdateControl.noUpdate();
        }
        Instant due = Instant.parse(s.completionTime).plusSeconds(ttl);
        Duration left = Duration.between(Instant.now(), due);
        if (!left.isNegative() && !left.isZero()) {
            return UpdateControl.<MapReduceJob>noUpdate().rescheduleAfter(left.plusMillis(100));
        }
        log.info("operator: job {}/{} finished at {}; ttlSecondsAfterFinished={} passed, deleting it",
                job.getMetadata().getNamespace(), job.getMetadata().getName(), s.completionTime, ttl);
        client.resource(job).delete();
        return UpdateControl.noUpdate();
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

    private String token(KubernetesClient client, MapReduceCluster cluster) {
        return tokens.computeIfAbsent(cluster.getMetadata().getUid(), uid -> {
            Secret s = client.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(ClusterNames.token(cluster)).get();
            if (s == null) {
                throw new NodeClient.UnavailableException("the cluster's token Secret " + ClusterNames.token(cluster) + " does not exist yet");
            }
            return TokenSecretDependent.tokenOf(s);
        });
    }

    private static int pods(MapReduceCluster cluster) {
        return cluster.getStatus() == null ? 0 : cluster.getStatus().replicas;
    }

    private static TaskCounts counts(JobStatus.TaskCounts c) {
        TaskCounts t = new TaskCounts();
        if (c != null) {
            t.total = c.total();
            t.running = c.running();
            t.succeeded = c.succeeded();
            t.failed = c.failed();
        }
        t.summary = t.succeeded + "/" + t.total;
        return t;
    }

    private static MapReduceJobStatus copy(MapReduceJobStatus s) {
        return Serialization.unmarshal(Serialization.asJson(s), MapReduceJobStatus.class);
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String clusterOf(MapReduceJob job) {
        return job.getSpec() == null ? null : job.getSpec().getCluster();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
