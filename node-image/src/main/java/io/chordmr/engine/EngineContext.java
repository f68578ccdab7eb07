package io.chordmr.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chordmr.engine.coord.JobRecord;
import io.chordmr.net.Address;
import io.chordmr.net.MessageType;
import io.chordmr.net.Replies;
import io.chordmr.net.Transport;
import io.chordmr.ring.ChordNode;
import io.chordmr.ring.NodeRef;
import io.chordmr.store.Datasets;
import io.chordmr.store.ReplicatedStore;
import io.chordmr.store.StoreCorruptedException;
import io.chordmr.store.StoredItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What the engine's parts share on one node. */
public record EngineContext(ChordNode ring, ReplicatedStore store, Datasets datasets, Transport transport, Path workDir,
                            EngineConfig config, ScheduledExecutorService scheduler, ExecutorService io) {

    static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

    /** Runs work on the engine's pool; once the node is stopping, the work is dropped. */
    public void background(Runnable work) {
        try {
            io.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the node is shutting down: nothing left to do this for
        }
    }

    /** Runs work on the scheduler after a delay; dropped once the node is stopping. */
    public void later(Runnable work, long delayMillis) {
        try {
            scheduler.schedule(work, delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the node is shutting down
        }
    }

    public NodeRef self() {
        return ring.self();
    }

    /** The node that coordinates the job: the first replica of its record's key. */
    public NodeRef ownerOf(String jobId) {
        return store.replicaSet(JobRecord.key(jobId)).get(0);
    }

    public CompletableFuture<byte[]> send(Address to, MessageType type, Object message) {
        return transport.request(to, type, EngineMessages.encode(message), CONTROL_TIMEOUT);
    }

    /** A blocking call for worker and coordinator threads (never an event loop). */
    public <T> T call(Address to, MessageType type, Object message, Class<T> reply) {
        return EngineMessages.decode(Replies.await(send(to, type, message), to), reply);
    }

    public JobRecord readRecord(String jobId) {
        StoredItem item = store.read(JobRecord.key(jobId));
        if (item == null) {
            return null;
        }
        try {
            return EngineMessages.JSON.readValue(item.data(), JobRecord.class);
        } catch (IOException e) {
            throw new StoreCorruptedException("job record " + jobId + " is not valid JSON: " + e.getMessage());
        }
    }

    public void writeRecord(JobRecord record) {
        writeRecord(record.id, store.nextVersion(), encodeRecord(record));
    }

    public byte[] encodeRecord(JobRecord record) {
        try {
            return EngineMessages.JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeRecord(String jobId, long version, byte[] json) {
        store.write(new StoredItem(JobRecord.key(jobId), version, false, json));
    }
}
