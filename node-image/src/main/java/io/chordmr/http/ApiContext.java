package io.chordmr.http;

import io.chordmr.engine.JobService;
import io.chordmr.net.ClusterToken;
import io.chordmr.ring.ChordNode;
import io.chordmr.store.Datasets;
import io.chordmr.store.ReplicatedStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ExecutorService;

/** What the HTTP API serves from: one node's ring, store and metrics. */
public record ApiContext(ChordNode ring, ReplicatedStore store, Datasets datasets, JobService jobs, PrometheusMeterRegistry metrics,
                         ClusterToken token, ExecutorService workers) {
}
