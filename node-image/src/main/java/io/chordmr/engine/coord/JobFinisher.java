package io.chordmr.engine.coord;

import io.chordmr.engine.EngineContext;
import io.chordmr.engine.EngineMessages.JobAnnounce;
import io.chordmr.engine.EngineMessages.JobControl;
import io.chordmr.net.MessageType;
import io.chordmr.ring.NodeRef;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.DatasetMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of a job: publishing the output dataset, telling the members, and removing temporary data. */
final class JobFinisher {

    private static final Logger log = LoggerFactory.getLogger(JobFinisher.class);

    private final EngineContext ctx;
    private final JobRecord job;

    JobFinisher(EngineContext ctx, JobRecord job) {
        this.ctx = ctx;
        this.job = job;
    }

    /** Tells every member the job runs here (or has ended), so idle workers ask for its tasks. */
    void announce(boolean ended) {
        JobAnnounce a = new JobAnnounce(job.id, ctx.self().name(), ctx.self().address().host(), ctx.self().address().port(), ended);
        for (NodeRef n : ctx.ring().members(4096)) {
            ctx.send(n.address(), MessageType.JOB_ANNOUNCE, a).exceptionally(e -> null);
        }
    }

    /** Writes the output dataset's metadata naming each committed reduce chunk, in partition order. */
    void publish() {
        List<String> keys = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<Long> records = new ArrayList<>();
        long bytes = 0;
        long total = 0;
        for (TaskRecord r : job.reduces) {
            for (int i = 0; i < r.outputKeys.size(); i++) {
                keys.add(r.outputKeys.get(i));
                offsets.add(bytes);
                records.add(r.chunkRecords.get(i));
                bytes += r.chunkBytesOut.get(i);
                total += r.chunkRecords.get(i);
            }
        }
        // Written before the state changes, so a failed write leaves the job as it was, to be tried again.
        ctx.datasets().writeMeta(new DatasetMeta(job.outputDataset, keys.size(), bytes, total, System.currentTimeMillis(),
                offsets, records, keys));
        job.outputRecords = total;
        job.state = JobRecord.SUCCEEDED;
        job.phase = JobRecord.DONE;
        job.endMillis = System.currentTimeMillis();
        log.info("engine: job={} succeeded in {} ms: output dataset={} records={} bytes={}", job.id,
                job.endMillis - job.startMillis, job.outputDataset, total, bytes);
    }

    /**
     * Removes what the job no longer needs: map outputs on every node, chunks of attempts that
     * were not committed (or all output, when the job did not succeed), and a temporary input.
     */
    void cleanUp() {
        List<NodeRef> members = ctx.ring().members(4096);
        for (NodeRef n : members) {
            ctx.send(n.address(), MessageType.JOB_CLEANUP, new JobControl("cleanup", job.id)).exceptionally(e -> null);
        }
        Set<String> keep = new HashSet<>();
        if (JobRecord.SUCCEEDED.equals(job.state)) {
            job.reduces.forEach(r -> keep.addAll(r.outputKeys));
        }
        Set<String> remove = new HashSet<>(job.discardedKeys);
        String prefix = job.outputDataset + "/part-";
        for (NodeRef n : members) {
            try {
                Map<String, ChunkStore.Entry> held = ctx.store().list(n, prefix, "").join();
                held.forEach((k, e) -> {
                    if (!e.tombstone() && !keep.contains(k)) {
                        remove.add(k);
                    }
                });
            } catch (RuntimeException e) {
                log.debug("engine: job={} could not list output chunks on {}: {}", job.id, n, e.toString());
            }
        }
        remove.removeAll(keep);
        ctx.datasets().removeKeys(new ArrayList<>(remove));
        if (job.inputIsTemporary) {
            try {
                ctx.datasets().delete(job.inputDataset);
            } catch (RuntimeException e) {
                log.debug("engine: job={} could not delete its temporary input: {}", job.id, e.toString());
            }
        }
        if (!remove.isEmpty()) {
            log.info("engine: job={} removed {} output chunks of uncommitted attempts", job.id, remove.size());
        }
    }
}
