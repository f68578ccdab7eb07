package io.chordmr.http;

import io.chordmr.engine.input.ObjectSource;
import io.chordmr.engine.JobService;
import io.chordmr.net.ClusterToken;
import io.chordmr.ring.RingMember;
import io.chordmr.store.Datasets;
import io.chordmr.store.ReplicatedStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ExecutorService;

/**
 * What the HTTP API serves from: one node's ring, store and metrics; {@code leave} hands the node's
 * data and work to the others and leaves the ring, the process still serving until it is stopped.
 */
public record ApiContext(RingMember ring, ReplicatedStore store, Datasets datasets, JobService jobs, PrometheusMeterRegistry metrics,
                         ClusterToken token, ExecutorService workers, Runnable leave, ObjectSource inputs) {
}
