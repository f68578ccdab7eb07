package io.chordmr.engine.context;

import io.chordmr.engine.input.ObjectSource;
import io.chordmr.engine.message.EngineMessages;
import io.chordmr.net.Address;
import io.chordmr.net.MessageType;
import io.chordmr.net.Replies;
import io.chordmr.net.Transport;
import io.chordmr.ring.RingMember;
import io.chordmr.ring.NodeRef;
import io.chordmr.store.Datasets;
import io.chordmr.store.ReplicatedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What the engine's parts share on one node: its ring member, store, transport, executors, settings, and where URL input comes from. */
public record EngineContext(RingMember ring, ReplicatedStore store, Datasets datasets, Transport transport, Path workDir,
                            EngineConfig config, ScheduledExecutorService scheduler, ExecutorService io, ObjectSource inputs) {

    /** The most members a job's coordinator tells about the job. */
    public static final int MAX_MEMBERS = 4096;
    static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);
    private static final String JOB_PREFIX = "job/";

    /** The store key of a job's record; its owner coordinates the job. */
    public static String jobKey(String jobId) {
        return JOB_PREFIX + jobId;
    }

    /** The job id of a record's key, or null for any other key. */
    public static String jobIdOf(String key) {
        return key.startsWith(JOB_PREFIX) ? key.substring(JOB_PREFIX.length()) : null;
    }

    /** Runs work on the engine's pool; once the node is stopping, the work is dropped. */
    public void background(Runnable work) {
        try {
            io.execute(work);
        } catch (RejectedExecutionException e) {
            // the node is shutting down: nothing left to do this for
        }
    }

    /** Runs work on the scheduler after a delay; dropped once the node is stopping. */
    public void later(Runnable work, long delayMillis) {
        try {
            scheduler.schedule(work, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the node is shutting down
        }
    }

    public NodeRef self() {
        return ring.self();
    }

    /** The node that coordinates the job: the first replica of its record's key. */
    public NodeRef ownerOf(String jobId) {
        return store.replicaSet(jobKey(jobId)).get(0);
    }

    public CompletableFuture<byte[]> send(Address to, MessageType type, Object message) {
        return transport.request(to, type, EngineMessages.encode(message), CONTROL_TIMEOUT);
    }

    /** A blocking call for worker and coordinator threads (never an event loop). */
    public <T> T call(Address to, MessageType type, Object message, Class<T> reply) {
        return EngineMessages.decode(Replies.await(send(to, type, message), to), reply);
    }
}
