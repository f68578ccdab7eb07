package io.chordmr.engine.coord;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.input.S3Clients;
import io.chordmr.engine.message.EngineMessages;
import io.chordmr.engine.output.OutputCommitter;
import io.chordmr.engine.output.RingOutputCommitter;
import io.chordmr.engine.output.S3OutputCommitter;
import io.chordmr.store.ReplicatedStore;
import io.chordmr.store.StoreCorruptedException;
import io.chordmr.store.StoredItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Job records on the ring: JSON under {@code job/<id>}, replicated like any chunk. */
public final class JobRecords {

    private final ReplicatedStore store;

    public JobRecords(ReplicatedStore store) {
        this.store = store;
    }

    /** The committed output of each reduce partition, in order. */
    static List<OutputCommitter.Partition> partitions(JobRecord job) {
        return job.reduces.stream().map(r -> new OutputCommitter.Partition(r.output, r.upload)).toList();
    }

    /** Where the job's output goes: object storage when the spec names a URL, else the ring dataset. */
    static OutputCommitter committer(EngineContext ctx, JobRecord job) {
        var out = job.spec.getOutput();
        if (out != null && out.getUrl() != null) {
            return new S3OutputCommitter(S3Clients.shared(), job.id, out.getUrl(), out.overwriteOrDefault());
        }
        return new RingOutputCommitter(ctx, job.id, job.outputDataset);
    }

    public JobRecord read(String jobId) {
        StoredItem item = store.read(EngineContext.jobKey(jobId));
        if (item == null) {
            return null;
        }
        try {
            return EngineMessages.JSON.readValue(item.data(), JobRecord.class);
        } catch (IOException e) {
            throw new StoreCorruptedException("job record " + jobId + " is not valid JSON: " + e.getMessage());
        }
    }

    public void write(JobRecord record) {
        write(record.id, store.nextVersion(), encode(record));
    }

    public void delete(String jobId) {
        store.delete(EngineContext.jobKey(jobId));
    }

    byte[] encode(JobRecord record) {
        try {
            return EngineMessages.JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    long nextVersion() {
        return store.nextVersion();
    }

    void write(String jobId, long version, byte[] json) {
        store.write(new StoredItem(EngineContext.jobKey(jobId), version, false, json));
    }
}
