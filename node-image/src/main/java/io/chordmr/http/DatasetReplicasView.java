package io.chordmr.http;

import io.chordmr.client.DatasetReplicas;
import io.chordmr.ring.NodeRef;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.DatasetMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The body of {@code GET /datasets/{name}/replicas}: one key listing per member and key prefix, not a lookup per chunk. */
final class DatasetReplicasView {

    private DatasetReplicasView() {
    }

    static DatasetReplicas of(ApiContext api, DatasetMeta meta) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < meta.chunks(); i++) {
            keys.add(meta.chunkKey(i));
        }
        // Chunk keys share a directory or two (the dataset's name, or a job's output attempts): list each once per member.
        Set<String> prefixes = new LinkedHashSet<>();
        keys.forEach(k -> prefixes.add(k.substring(0, k.lastIndexOf('/') + 1)));
        List<NodeRef> members = api.ring().members(RingView.MAX_MEMBERS);
        Map<NodeRef, List<CompletableFuture<Map<String, ChunkStore.Entry>>>> asked = new LinkedHashMap<>();
        for (NodeRef n : members) {
            asked.put(n, prefixes.stream().map(p -> api.store().list(n, p, "")).toList());
        }
        Map<String, List<String>> holders = new LinkedHashMap<>();
        keys.forEach(k -> holders.put(k, new ArrayList<>()));
        List<DatasetReplicas.NodeShare> shares = new ArrayList<>();
        for (var e : asked.entrySet()) {
            int chunks = 0;
            long bytes = 0;
            String error = null;
            try {
                for (CompletableFuture<Map<String, ChunkStore.Entry>> f : e.getValue()) {
                    for (var held : f.join().entrySet()) {
                        List<String> h = holders.get(held.getKey());
                        if (h != null && !held.getValue().tombstone()) {
                            h.add(e.getKey().name());
                            chunks++;
                            bytes += held.getValue().size();
                        }
                    }
                }
            } catch (CompletionException ex) {
                error = String.valueOf(ex.getCause().getMessage());
            }
            shares.add(new DatasetReplicas.NodeShare(e.getKey().name(), chunks, bytes, error));
        }
        int want = Math.min(api.store().config().replication(), members.size());
        int full = 0;
        int under = 0;
        int none = 0;
        List<DatasetReplicas.Chunk> chunkList = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            List<String> h = holders.get(key);
            List<String> missing = api.store().replicaSet(key).stream().map(NodeRef::name).filter(n -> !h.contains(n)).toList();
            full += h.size() >= want ? 1 : 0;
            under += h.size() < want ? 1 : 0;
            none += h.isEmpty() ? 1 : 0;
            chunkList.add(new DatasetReplicas.Chunk(i, key, chunkBytes(meta, i), List.copyOf(h), missing));
        }
        return new DatasetReplicas(meta.name(), meta.chunks(), meta.bytes(), want, full, under, none, shares, chunkList);
    }

    /** A chunk's share of the dataset's bytes, from where the next one starts; -1 for a dataset that recorded no offsets. */
    private static long chunkBytes(DatasetMeta meta, int i) {
        if (meta.chunkOffsets() == null) {
            return -1;
        }
        long end = i + 1 < meta.chunks() ? meta.chunkOffsets().get(i + 1) : meta.bytes();
        return end - meta.chunkOffsets().get(i);
    }
}
