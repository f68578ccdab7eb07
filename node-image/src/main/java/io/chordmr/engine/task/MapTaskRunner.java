package io.chordmr.engine.task;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import io.chordmr.api.Partitioner;
import io.chordmr.api.Reducer;
import io.chordmr.api.LongSum;
import io.chordmr.api.Serde;
import io.chordmr.api.Serdes;
import io.chordmr.api.Text;
import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.sort.MapOutput;
import io.chordmr.engine.sort.MapOutputWriter;
import io.chordmr.engine.jobcode.JobCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * Runs one map attempt over one chunk: each line to the mapper as (offset, line), pairs
 * partitioned, buffered, sorted, combined and spilled to local disk as a {@link MapOutput}.
 */
public final class MapTaskRunner {

    private final JobCode code;
    private final JobSpec spec;
    private final TaskContextImpl context;
    private final AttemptControl control;
    private final int bufferBytes;

    public MapTaskRunner(JobCode code, JobSpec spec, TaskContextImpl context, AttemptControl control, int bufferBytes) {
        this.code = code;
        this.spec = spec;
        this.context = context;
        this.control = control;
        this.bufferBytes = bufferBytes;
    }

    /** Maps the chunk, whose first byte is at {@code chunkOffset} in the dataset, into {@code outputFile}. */
    public MapOutput run(byte[] chunk, long chunkOffset, Path outputFile) throws Exception {
        Counters counters = context.counters();
        int partitions = context.partitions();
        Reducer<Object, Object, Object, Object> userCombiner = code.newCombiner();
        boolean hashCombine = userCombiner != null && !(userCombiner instanceof AutoCloseable);
        Serde<Object> combineKeys = code.combineKeySerde();
        MapOutputWriter writer = new MapOutputWriter(outputFile, partitions, bufferBytes,
                userCombiner == null ? null : new CombinerAdapter(userCombiner, combineKeys, code.mapValueSerde()));
        Mapper<Object, Object, Object, Object> mapper = code.newMapper();
        Partitioner<Object> partitioner = code.newPartitioner();
        Serde<Object> keys = code.mapKeySerde();
        Serde<Object> values = code.mapValueSerde();
        long[] outputRecords = {0};
        // A LongSum combiner over Long values becomes a table of running sums keyed by bytes; another
        // Java combiner runs on a hash table of groups as the pairs arrive; without one (or with a
        // streaming one) pairs go to the sort buffer and are combined when it spills.
        LongSumTable sums = hashCombine && userCombiner instanceof LongSum && (Object) values == Serdes.LONG
                ? new LongSumTable(writer, k -> partition(partitioner, k, partitions), bufferBytes, counters) : null;
        MapSideCombiner grouped = hashCombine && sums == null
                ? new MapSideCombiner(userCombiner, partitioner, partitions, combineKeys, values, writer, bufferBytes, counters) : null;
        Emitter<Object, Object> direct = new Emitter<>() {
            @Override
            public void emit(Object key, Object value) {
                if (key == null || value == null) {
                    throw new IllegalArgumentException("emitted a null " + (key == null ? "key" : "value"));
                }
                outputRecords[0]++;
                if (sums != null) {
                    if (key instanceof Text t) {
                        sums.add(t.bytes(), t.offset(), t.length(), (Long) value, key);
                    } else {
                        byte[] kb = keys.toBytes(key);
                        sums.add(kb, 0, kb.length, (Long) value, key);
                    }
                    return;
                }
                if (grouped != null) {
                    // The table keeps keys past this call: a reused Text becomes one of the combiner's own.
                    grouped.emit(key instanceof Text t ? combineKeys.fromBytes(t.bytes(), t.offset(), t.length()) : key, value);
                    return;
                }
                int p = partition(partitioner, key, partitions);
                try {
                    writer.collect(p, keys.toBytes(key), values.toBytes(value));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        // Only a streaming mapper emits from a thread of its own; Java mappers skip the lock per pair.
        Emitter<Object, Object> emitter = mapper instanceof AutoCloseable ? new Emitter<>() {
            @Override
            public synchronized void emit(Object key, Object value) {
                direct.emit(key, value);
            }
        } : direct;
        try {
            partitioner.setup(context);
            mapper.setup(context);
            eachLine(chunk, chunkOffset, mapper, emitter);
            mapper.cleanup(emitter);
            if (grouped != null) {
                grouped.spill();
            }
            if (sums != null) {
                sums.spill();
            }
        } finally {
            if (mapper instanceof AutoCloseable c) {
                c.close();
            }
            if (userCombiner instanceof AutoCloseable c) {
                c.close();
            }
        }
        counters.add(Counters.MAP_OUTPUT_RECORDS, outputRecords[0]);
        MapOutput out = writer.finish();
        MapOutputWriter.Stats s = writer.stats();
        counters.add(Counters.SPILLED_RECORDS, s.spilledRecords);
        counters.add(Counters.COMBINE_INPUT_RECORDS, s.combineInput);
        counters.add(Counters.COMBINE_OUTPUT_RECORDS, s.combineOutput);
        control.progress(1.0);
        return out;
    }

    static int partition(Partitioner<Object> partitioner, Object key, int partitions) {
        int p = partitioner.partition(key, partitions);
        if (p < 0 || p >= partitions) {
            throw new IllegalStateException("partitioner gave partition " + p + " for key '" + key + "'; it must be in [0, " + partitions + ")");
        }
        return p;
    }

    private void eachLine(byte[] chunk, long chunkOffset, Mapper<Object, Object, Object, Object> mapper,
                          Emitter<Object, Object> emitter) {
        boolean text = code.textLines();
        Text reused = new Text();
        long records = 0;
        boolean skip = spec.skipBadRecordsOrDefault();
        int start = 0;
        int n = chunk.length;
        int sinceCheck = 0;
        while (start < n) {
            int end = start;
            while (end < n && chunk[end] != '\n') {
                end++;
            }
            int len = end - start;
            if (len > 0 && chunk[end - 1] == '\r') {
                len--;
            }
            // A Text mapper gets the same Text pointed at each line in turn: no copy, no String.
            Object line = text ? reused.set(chunk, start, len) : new String(chunk, start, len, StandardCharsets.UTF_8);
            long offset = chunkOffset + start;
            records++;
            try {
                mapper.map(offset, line, emitter);
            } catch (CancellationException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                if (!skip) {
                    throw new TaskFailedException("map failed on the record at input offset " + offset + ": " + TaskRunner.describe(e), e);
                }
                context.counters().add(Counters.SKIPPED_RECORDS, 1);
            }
            start = end + 1;
            // Progress after every record: a split of slow records must not sit at 0% until its end.
            control.progress((double) start / n);
            if (++sinceCheck >= 256) {
                context.counters().add(Counters.MAP_INPUT_RECORDS, records);
                records = 0;
                sinceCheck = 0;
                control.check();
            }
        }
        context.counters().add(Counters.MAP_INPUT_RECORDS, records);
        context.counters().add(Counters.MAP_INPUT_BYTES, n);
        control.check();
    }
}
