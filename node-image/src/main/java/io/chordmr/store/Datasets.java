package io.chordmr.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.ring.NodeRef;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named datasets on the replicated store: text split at line boundaries into chunks under
 * {@code <name>/<index>}, described by a {@link DatasetMeta} under {@code <name>/meta} that is
 * written last, so a reader never sees half a dataset.
 */
public final class Datasets {

    private static final Logger log = LoggerFactory.getLogger(Datasets.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 3;

    private final ReplicatedStore store;
    private final ExecutorService workers;
    private final int maxChunkBytes;

    public Datasets(ReplicatedStore store, ExecutorService workers, int maxChunkBytes) {
        this.store = store;
        this.workers = workers;
        this.maxChunkBytes = maxChunkBytes;
    }

    public int maxChunkBytes() {
        return maxChunkBytes;
    }

    /**
     * Stores the text read from {@code in} as dataset {@code name}, writing a few chunks at a time.
     *
     * @throws DatasetExistsException when the name is taken and {@code overwrite} is false
     */
    public DatasetMeta put(String name, InputStream in, Split split, boolean overwrite) throws IOException {
        return put(name, BufferSource.of(in), split, overwrite);
    }

    /**
     * {@link #put(String, InputStream, Split, boolean)} from buffers, which become the chunks as they
     * are: each is written to this node's disk and sent to the other replicas from them, no copy made.
     */
    public DatasetMeta put(String name, BufferSource in, Split split, boolean overwrite) throws IOException {
        DatasetName.validate(name);
        if (meta(name) != null) {
            if (!overwrite) {
                throw new DatasetExistsException(name);
            }
            delete(name);
        }
        Deque<CompletableFuture<Integer>> inFlight = new ArrayDeque<>();
        List<Long> offsets = new ArrayList<>();
        List<Long> records = new ArrayList<>();
        long version = store.nextVersion();
        long bytes;
        try (LineSplitter splitter = new LineSplitter(in, split, maxChunkBytes)) {
            for (ByteBuf chunk = splitter.next(); chunk != null; chunk = splitter.next()) {
                offsets.add(splitter.offset() - chunk.readableBytes());
                records.add(LineSplitter.countRecords(chunk));
                String key = DatasetName.chunkKey(name, offsets.size() - 1);
                inFlight.add(write(key, version, chunk));
                if (inFlight.size() >= IN_FLIGHT) {
                    inFlight.poll().join();
                }
            }
            inFlight.forEach(CompletableFuture::join);
            bytes = splitter.offset();
        } catch (IOException | RuntimeException e) {
            // Nothing half-written stays behind: the dataset never became visible, its chunks go.
            inFlight.forEach(f -> f.exceptionally(x -> 0).join());
            removeChunks(name, offsets.size());
            if (e instanceof CompletionException && e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
        DatasetMeta meta = new DatasetMeta(name, offsets.size(), bytes, records.stream().mapToLong(Long::longValue).sum(),
                System.currentTimeMillis(), offsets, records, null);
        writeMeta(meta);
        log.info("store: node={} stored dataset={} chunks={} bytes={} records={}",
                store.ring().self().name(), name, meta.chunks(), meta.bytes(), meta.records());
        return meta;
    }

    /** Writes one chunk on a worker and frees its buffers once every replica has answered. */
    private CompletableFuture<Integer> write(String key, long version, ByteBuf chunk) {
        try {
            return CompletableFuture.supplyAsync(() -> store.writeNewest(key, version, chunk), workers)
                    .whenComplete((acked, e) -> chunk.release());
        } catch (RuntimeException e) {
            chunk.release();
            throw e;
        }
    }

    /** Makes a dataset whose chunks are already stored visible, all at once. */
    public void writeMeta(DatasetMeta meta) {
        store.writeNewest(new StoredItem(DatasetName.metaKey(meta.name()), store.nextVersion(), false, toJson(meta)));
    }

    /** The dataset's description, or null when there is no such dataset. */
    public DatasetMeta meta(String name) {
        DatasetName.validate(name);
        StoredItem item = store.read(DatasetName.metaKey(name));
        if (item == null) {
            return null;
        }
        try {
            return JSON.readValue(item.data(), DatasetMeta.class);
        } catch (IOException e) {
            throw new StoreCorruptedException("metadata of dataset " + name + " is not valid JSON: " + e.getMessage());
        }
    }

    /** One chunk's bytes, from this node's disk when it holds a replica (as a map reads its input); fails when no replica answers. */
    public byte[] chunk(DatasetMeta meta, int index) {
        StoredItem mine = store.local().get(meta.chunkKey(index));
        if (mine != null && !mine.tombstone()) {
            return mine.data();
        }
        StoredItem item = store.read(meta.chunkKey(index));
        if (item == null) {
            throw new StoreUnavailableException("chunk " + index + " of dataset " + meta.name() + " is missing on every replica", null);
        }
        return item.data();
    }

    /** Writes the whole dataset to {@code out}, fetching a few chunks ahead. */
    public void copyTo(DatasetMeta meta, OutputStream out) throws IOException {
        Deque<CompletableFuture<byte[]>> ahead = new ArrayDeque<>();
        int next = 0;
        for (int i = 0; i < meta.chunks(); i++) {
            while (next < meta.chunks() && ahead.size() < IN_FLIGHT) {
                int idx = next++;
                ahead.add(CompletableFuture.supplyAsync(() -> chunk(meta, idx), workers));
            }
            try {
                out.write(ahead.poll().join());
            } catch (CompletionException e) {
                ahead.forEach(f -> f.cancel(false));
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
        out.flush();
    }

    /** Every dataset any member holds metadata for, sorted by name. */
    public List<DatasetMeta> list() {
        TreeSet<String> names = new TreeSet<>();
        for (NodeRef n : store.ring().members(4096)) {
            try {
                Map<String, ChunkStore.Entry> metas = store.list(n, "", "/meta").join();
                metas.forEach((k, e) -> {
                    if (!e.tombstone()) {
                        names.add(k.substring(0, k.length() - "/meta".length()));
                    }
                });
            } catch (CompletionException e) {
                log.debug("store: listing on {} failed: {}", n, e.getCause().toString());
            }
        }
        List<DatasetMeta> out = new ArrayList<>();
        for (String name : names) {
            DatasetMeta m = meta(name);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** Deletes the dataset: its metadata first, so it disappears at once, then its chunks. */
    public boolean delete(String name) {
        DatasetMeta meta = meta(name);
        if (meta == null) {
            return false;
        }
        store.delete(DatasetName.metaKey(name));
        removeKeys(java.util.stream.IntStream.range(0, meta.chunks()).mapToObj(meta::chunkKey).toList());
        log.info("store: node={} deleted dataset={}", store.ring().self().name(), name);
        return true;
    }

    private void removeChunks(String name, int chunks) {
        removeKeys(java.util.stream.IntStream.range(0, chunks).mapToObj(i -> DatasetName.chunkKey(name, i)).toList());
    }

    /** Deletes the given keys (tombstones on their replicas), a few at a time. */
    public void removeKeys(List<String> keys) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (String key : keys) {
            calls.add(CompletableFuture.runAsync(() -> store.delete(key), workers));
        }
        calls.forEach(c -> c.exceptionally(e -> null).join());
    }

    private static byte[] toJson(DatasetMeta meta) {
        try {
            return JSON.writeValueAsBytes(meta);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
