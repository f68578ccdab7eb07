package io.chordmr.engine.output;

import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.task.ReduceOutput;
import io.chordmr.ring.NodeRef;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.DatasetMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's output on the ring. Every reduce attempt writes its chunks under keys no other attempt
 * uses ({@link #chunkKey}); committing the job writes the output dataset's metadata naming the
 * winning attempt of each partition, in partition order. Chunks of every other attempt are
 * removed when the job ends, so readers only ever see one attempt's output per partition.
 */
public final class RingOutputCommitter implements OutputCommitter {

    private static final Logger log = LoggerFactory.getLogger(RingOutputCommitter.class);

    private final EngineContext ctx;
    private final String jobId;
    private final String dataset;

    public RingOutputCommitter(EngineContext ctx, String jobId, String dataset) {
        this.ctx = ctx;
        this.jobId = jobId;
        this.dataset = dataset;
    }

    /** The key of an attempt's {@code i}-th output chunk: unique per partition, attempt and coordinator incarnation. */
    public static String chunkKey(String dataset, int partition, int attempt, long epoch, int i) {
        return String.format("%s/part-%05d-a%d-e%d-%d", dataset, partition, attempt, epoch, i);
    }

    /**
     * Publishes the dataset of the partitions' committed outputs, in partition order; returns its
     * record count. A failed write throws and leaves nothing published, to be tried again.
     */
    @Override
    public long commit(List<Partition> committed) {
        List<ReduceOutput> partitions = committed.stream().map(Partition::output).toList();
        List<String> keys = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<Long> records = new ArrayList<>();
        long bytes = 0;
        long total = 0;
        for (ReduceOutput r : partitions) {
            for (int i = 0; i < r.chunkKeys().size(); i++) {
                keys.add(r.chunkKeys().get(i));
                offsets.add(bytes);
                records.add(r.chunkRecords().get(i));
                bytes += r.chunkBytes().get(i);
                total += r.chunkRecords().get(i);
            }
        }
        ctx.datasets().writeMeta(new DatasetMeta(dataset, keys.size(), bytes, total, System.currentTimeMillis(), offsets, records, keys));
        log.info("engine: job={} committed output dataset={} records={} bytes={}", jobId, dataset, total, bytes);
        return total;
    }

    /** Removes the chunks no committed partition names: those of attempts that lost, and whatever any member still holds under the dataset. */
    @Override
    public void cleanUp(List<Partition> committed, Collection<String> knownDiscarded) {
        Set<String> keep = new HashSet<>();
        committed.forEach(p -> keep.addAll(p.output().chunkKeys()));
        Set<String> remove = new HashSet<>(knownDiscarded);
        String prefix = dataset + "/part-";
        for (NodeRef n : ctx.ring().members(EngineContext.MAX_MEMBERS)) {
            try {
                Map<String, ChunkStore.Entry> held = ctx.store().list(n, prefix, "").join();
                held.forEach((k, e) -> {
                    if (!e.tombstone()) {
                        remove.add(k);
                    }
                });
            } catch (RuntimeException e) {
                log.debug("engine: job={} could not list output chunks on {}: {}", jobId, n, e.toString());
            }
        }
        remove.removeAll(keep);
        ctx.datasets().removeKeys(new ArrayList<>(remove));
        if (!remove.isEmpty()) {
            log.info("engine: job={} removed {} output chunks of uncommitted attempts", jobId, remove.size());
        }
    }
}
