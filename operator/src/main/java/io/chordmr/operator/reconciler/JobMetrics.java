package io.chordmr.operator.reconciler;

import io.chordmr.operator.crd.MapReduceJobStatus;
import io.chordmr.operator.crd.TaskCounts;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's job metrics for Prometheus: {@code chordmr_jobs{phase}}, the MapReduceJobs this
 * operator reconciles by phase, and, counted once as each job ends, {@code
 * chordmr_job_duration_seconds{outcome}} (a histogram from start to completion), {@code
 * chordmr_job_tasks_total{kind,outcome}}, {@code chordmr_job_attempts_total{outcome}} and the
 * bytes the jobs read, shuffled and wrote. Labels are bounded (no job names): a job's own numbers
 * are in its status.
 */
public final class JobMetrics {

    private static final String SHUFFLED = "shuffledBytes";
    private static final String INPUT = "mapInputBytes";
    private static final String OUTPUT = "reduceOutputBytes";

    private final Map<ResourceID, Phase> phases = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Phase p : Phase.values()) {
            Gauge.builder("chordmr_jobs", phases, m -> m.values().stream().filter(p::equals).count())
                    .description("MapReduceJobs this operator reconciles, by phase").tag("phase", p.name()).register(registry);
        }
    }

    /** Records the job's phase; a job seen ending here (not already ended in {@code prev}) is counted. */
    void observe(ResourceID job, MapReduceJobStatus prev, MapReduceJobStatus next) {
        Phase phase = Phase.of(next.phase);
        phases.put(job, phase);
        if (!phase.ended() || Phase.of(prev.phase).ended()) {
            return;
        }
        String outcome = phase.name();
        if (next.startTime != null && next.completionTime != null) {
            Timer.builder("chordmr_job_duration").description("Time from a job's start to its completion")
                    .tag("outcome", outcome).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                    .maximumExpectedValue(Duration.ofDays(1)).register(registry)
                    .record(Duration.between(Instant.parse(next.startTime), Instant.parse(next.completionTime)));
        }
        tasks("map", next.maps);
        tasks("reduce", next.reduces);
        long succeeded = (next.maps == null ? 0 : next.maps.succeeded) + (next.reduces == null ? 0 : next.reduces.succeeded);
        attempts("succeeded", succeeded);
        attempts("failed", next.counters.getOrDefault("failedAttempts", 0L));
        attempts("killed", next.counters.getOrDefault("killedAttempts", 0L));
        bytes("chordmr_job_input_bytes", "Bytes the ended jobs' maps read", next.counters.get(INPUT));
        bytes("chordmr_job_shuffled_bytes", "Bytes the ended jobs moved from maps to reduces", next.counters.get(SHUFFLED));
        bytes("chordmr_job_output_bytes", "Bytes the ended jobs' reduces wrote", next.counters.get(OUTPUT));
        Counter.builder("chordmr_job_endings").description("Jobs that ended, by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    /** A job that is no longer there (deleted) leaves the gauge. */
    void forget(ResourceID job) {
        phases.remove(job);
    }

    private void tasks(String kind, TaskCounts c) {
        if (c == null) {
            return;
        }
        for (var e : Map.of("succeeded", c.succeeded, "failed", c.failed).entrySet()) {
            Counter.builder("chordmr_job_tasks").description("Tasks of the ended jobs, by kind and final state").tag("kind", kind)
                    .tag("outcome", e.getKey()).register(registry).increment(e.getValue());
        }
    }

    private void attempts(String outcome, long n) {
        Counter.builder("chordmr_job_attempts").description("Task attempts of the ended jobs, by outcome").tag("outcome", outcome)
                .register(registry).increment(n);
    }

    private void bytes(String name, String description, Long n) {
        Counter.builder(name).baseUnit("bytes").description(description).register(registry)
                .increment(n == null ? 0 : n);
    }
}
