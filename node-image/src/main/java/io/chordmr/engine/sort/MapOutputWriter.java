package io.chordmr.engine.sort;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one map attempt's pairs: buffers them in a {@link SortBuffer}, spills sorted (and
 * combined) runs to local disk when the buffer fills, and merges the runs into the final
 * {@link MapOutput}. Memory stays within the buffer's limit whatever the input size.
 */
public final class MapOutputWriter {

    /** Figures for the task's counters. */
    public static final class Stats {
        public long spilledRecords;
        public long combineInput;
        public long combineOutput;
        public long outputBytes;
    }

    private final Path file;
    private final int partitions;
    private final RecordCombiner combiner;
    private final SortBuffer buffer;
    private final List<MapOutput> spills = new ArrayList<>();
    private final Stats stats = new Stats();

    public MapOutputWriter(Path file, int partitions, int bufferBytes, RecordCombiner combiner) {
        this.file = file;
        this.partitions = partitions;
        this.combiner = combiner;
        this.buffer = new SortBuffer(bufferBytes);
    }

    public void collect(int partition, byte[] key, byte[] value) throws IOException {
        if (buffer.isFull(key.length + value.length)) {
            spill();
        }
        buffer.add(partition, key, value);
    }

    public Stats stats() {
        return stats;
    }

    private void spill() throws IOException {
        buffer.sort(partitions);
        Path spillFile = file.resolveSibling(file.getFileName() + ".spill" + spills.size());
        long in = buffer.count();
        MapOutput out = write(spillFile, buffer::sorted, combiner);
        long written = sum(out.records());
        stats.spilledRecords += written;
        if (combiner != null) {
            stats.combineInput += in;
            stats.combineOutput += written;
        }
        spills.add(out);
        buffer.clear();
    }

    /** Where each partition's sorted records come from. */
    public interface PartitionSources {
        RecordSource source(int partition) throws IOException;
    }

    /**
     * Writes a run that the caller has already sorted and combined (a map-side combiner's groups)
     * as one more spill, merged with the others at {@link #finish}.
     */
    public void spillSorted(PartitionSources sources, long records) throws IOException {
        Path spillFile = file.resolveSibling(file.getFileName() + ".spill" + spills.size());
        RecordCombiner none = null;
        MapOutput out = write(spillFile, sources, none);
        stats.spilledRecords += sum(out.records());
        spills.add(out);
    }

    private MapOutput write(Path target, PartitionSources sources, RecordCombiner combiner) throws IOException {
        long[] offsets = new long[partitions];
        long[] lengths = new long[partitions];
        long[] records = new long[partitions];
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            RecordWriter w = new RecordWriter(os);
            for (int p = 0; p < partitions; p++) {
                offsets[p] = w.bytes();
                records[p] = Grouper.copy(sources.source(p), combiner, w);
                lengths[p] = w.bytes() - offsets[p];
            }
        }
        return new MapOutput(target, offsets, lengths, records);
    }

    /** Spills what is left and merges all runs into the final output file, with its index. */
    public MapOutput finish() throws IOException {
        if (buffer.count() > 0 || spills.isEmpty()) {
            spill();
        }
        if (spills.size() > 1 && combiner != null) {
            stats.combineInput += sum(spills.stream().map(MapOutput::records).reduce(new long[partitions], MapOutputWriter::add));
        }
        MapOutput result;
        if (spills.size() == 1) {
            Files.move(spills.get(0).file(), file);
            MapOutput s = spills.get(0);
            result = new MapOutput(file, s.offsets(), s.lengths(), s.records());
        } else {
            List<InputStream> open = new ArrayList<>();
            try {
                result = write(file, p -> {
                    List<RecordSource> runs = new ArrayList<>();
                    for (MapOutput s : spills) {
                        InputStream in = new BufferedInputStream(new SegmentInputStream(s.file(), s.offsets()[p], s.lengths()[p]), 1 << 16);
                        open.add(in);
                        runs.add(new RecordReader(in)::next);
                    }
                    return new MergeIterator(runs);
                }, combiner);
            } finally {
                for (InputStream in : open) {
                    in.close();
                }
                for (MapOutput s : spills) {
                    Files.deleteIfExists(s.file());
                }
            }
            if (combiner != null) {
                stats.combineOutput += sum(result.records());
            }
        }
        result.writeIndex();
        stats.outputBytes = sum(result.lengths());
        return result;
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
