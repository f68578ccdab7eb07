package io.chordmr.engine.task;

import io.chordmr.api.Emitter;
import io.chordmr.api.Reducer;
import io.chordmr.api.Serde;
import io.chordmr.api.Serdes;
import io.chordmr.engine.sort.Grouper;
import io.chordmr.engine.sort.MergeIterator;
import io.chordmr.engine.sort.RecordReader;
import io.chordmr.engine.sort.Rec;
import io.chordmr.engine.sort.RecordSource;
import io.chordmr.engine.sort.SegmentInputStream;
import io.chordmr.engine.jobcode.JobCode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Runs one reduce attempt over its partition of every map output, already on local disk (the node
 * fetched them): merges the sorted segments, groups by key, reduces, and writes the result as text
 * chunks ({@code key<TAB>value} lines) through a {@link ChunkSink}.
 */
public final class ReduceTaskRunner {

    /** Fetching the segments took the first third of the attempt's progress. */
    public static final double FETCHED = 0.33;

    private final JobCode code;
    private final TaskContextImpl context;
    private final AttemptControl control;
    /** The size output chunks are cut at, at a line end. */
    private static final int CHUNK_BYTES = 4 << 20;

    public ReduceTaskRunner(JobCode code, TaskContextImpl context, AttemptControl control) {
        this.code = code;
        this.context = context;
        this.control = control;
    }

    public ReduceOutput run(List<TaskWork.SegmentFile> segments, long totalRecords, ChunkSink sink) throws Exception {
        List<InputStream> streams = new ArrayList<>();
        try {
            List<RecordSource> sources = new ArrayList<>();
            for (TaskWork.SegmentFile s : segments) {
                InputStream in = new BufferedInputStream(new SegmentInputStream(Path.of(s.path()), s.position(), s.length()), 1 << 16);
                streams.add(in);
                sources.add(new RecordReader(in)::next);
            }
            control.progress(FETCHED);
            long bytes = segments.stream().mapToLong(TaskWork.SegmentFile::length).sum();
            ReduceOutput out = sumsInPlace() && bytes <= SUM_TABLE_INPUT_BYTES ? sumInPlace(sources, totalRecords, sink)
                    : reduce(new MergeIterator(sources), totalRecords, sink);
            context.counters().add(Counters.REDUCE_OUTPUT_BYTES, out.bytes());
            return out;
        } finally {
            for (InputStream in : streams) {
                in.close();
            }
        }
    }

    /**
     * Inputs up to this size are summed in one table; above it they are merged, which needs no
     * memory per key. A table can take about 3.5 times its input (a few-byte key's slots), so an
     * eighth of the heap at most.
     */
    private static final long SUM_TABLE_INPUT_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    /**
     * A {@link LongSum} reducer of Long values whose output is text: its output is each key's sum,
     * which a table of running sums gives without merging the segments, decoding a key or boxing a
     * value (its contract lets the engine skip calling it).
     */
    private boolean sumsInPlace() {
        Serde<Object> outKeys = code.outKeySerde();
        return code.reducerIsLongSum() && (Object) code.mapValueSerde() == Serdes.LONG && (Object) code.outValueSerde() == Serdes.LONG
                && ((Object) outKeys == Serdes.STRING || (Object) outKeys == Serdes.TEXT);
    }

    private ReduceOutput sumInPlace(List<RecordSource> sources, long totalRecords, ChunkSink sink) throws IOException {
        Counters counters = context.counters();
        LongSumTable table = new LongSumTable(null, k -> 0, Long.MAX_VALUE, counters);
        long n = 0;
        for (RecordSource source : sources) {
            for (Rec r = source.next(); r != null; r = source.next()) {
                table.add(r.key(), 0, r.key().length, Serdes.decodeLong(r.value(), 0, r.value().length), null);
                if ((++n & 1023) == 0) {
                    control.check();
                    control.progress(FETCHED + (1 - FETCHED) * 0.9 * n / Math.max(1, totalRecords));
                }
            }
        }
        OutputChunks out = new OutputChunks(sink, CHUNK_BYTES);
        table.forEachSorted(out::line);
        counters.add(Counters.REDUCE_INPUT_RECORDS, n);
        counters.add(Counters.REDUCE_INPUT_GROUPS, table.size());
        counters.add(Counters.REDUCE_OUTPUT_RECORDS, table.size());
        control.check();
        ReduceOutput result = out.finish();
        control.progress(1.0);
        return result;
    }

    private ReduceOutput reduce(RecordSource merged, long totalRecords, ChunkSink sink) throws Exception {
        Counters counters = context.counters();
        Reducer<Object, Object, Object, Object> reducer = code.newReducer();
        Serde<Object> keys = code.reduceKeySerde();
        Serde<Object> values = code.mapValueSerde();
        Serde<Object> outKeys = code.outKeySerde();
        Serde<Object> outValues = code.outValueSerde();
        OutputChunks out = new OutputChunks(sink, CHUNK_BYTES);
        var outRecords = counters.get(Counters.REDUCE_OUTPUT_RECORDS);
        var inRecords = counters.get(Counters.REDUCE_INPUT_RECORDS);
        Emitter<Object, Object> emitter = new Emitter<>() {
            @Override
            public synchronized void emit(Object key, Object value) {
                if (key == null || value == null) {
                    throw new IllegalArgumentException("emitted a null " + (key == null ? "key" : "value"));
                }
                out.line(outKeys.format(key) + "\t" + outValues.format(value) + "\n");
                outRecords.incrementAndGet();
            }
        };
        try {
            reducer.setup(context);
            Grouper g = new Grouper(merged);
            long groups = 0;
            for (byte[] k = g.nextKey(); k != null; k = g.nextKey()) {
                Iterator<byte[]> vs = g.values();
                Iterable<Object> decoded = () -> new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return vs.hasNext();
                    }

                    @Override
                    public Object next() {
                        byte[] v = vs.next();
                        long n = inRecords.incrementAndGet();
                        if ((n & 1023) == 0) {
                            control.check();
                            control.progress(FETCHED + (1 - FETCHED) * n / Math.max(1, totalRecords));
                        }
                        return values.fromBytes(v, 0, v.length);
                    }
                };
                Object key = keys.fromBytes(k, 0, k.length);
                try {
                    reducer.reduce(key, decoded, emitter);
                } catch (CancellationException e) {
                    throw e;
                } catch (Exception e) {
                    throw new TaskFailedException("reduce failed on key '" + key + "': " + TaskRunner.describe(e), e);
                }
                groups++;
            }
            reducer.cleanup(emitter);
            counters.add(Counters.REDUCE_INPUT_GROUPS, groups);
        } finally {
            if (reducer instanceof AutoCloseable c) {
                c.close();
            }
        }
        control.check();
        ReduceOutput result = out.finish();
        control.progress(1.0);
        return result;
    }

    /** Cuts the text output into chunks at line ends and stores each as it fills. */
    private static final class OutputChunks {
        private final ChunkSink sink;
        private final int target;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final List<String> keys = new ArrayList<>();
        private final List<Long> chunkRecords = new ArrayList<>();
        private final List<Long> chunkBytes = new ArrayList<>();
        private long lines;
        private long records;
        private long bytes;

        OutputChunks(ChunkSink sink, int target) {
            this.sink = sink;
            this.target = target;
        }

        void line(String line) {
            buf.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            ended();
        }

        /** {@code key<TAB>value}, the key's UTF-8 bytes as they are. */
        void line(byte[] key, int off, int len, long value) {
            buf.write(key, off, len);
            buf.write('\t');
            buf.writeBytes(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            buf.write('\n');
            ended();
        }

        private void ended() {
            lines++;
            if (buf.size() >= target) {
                flush();
            }
        }

        private void flush() {
            if (buf.size() == 0) {
                return;
            }
            byte[] chunk = buf.toByteArray();
            keys.add(sink.store(keys.size(), chunk));
            chunkRecords.add(lines);
            chunkBytes.add((long) chunk.length);
            records += lines;
            bytes += chunk.length;
            lines = 0;
            buf.reset();
        }

        ReduceOutput finish() {
            flush();
            return new ReduceOutput(keys, records, bytes, chunkRecords, chunkBytes);
        }
    }
}
