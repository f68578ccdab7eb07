package io.chordmr.store;

import io.chordmr.net.BodyReader;
import io.chordmr.net.BodyWriter;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.RemoteException;
import io.chordmr.net.RequestException;
import io.chordmr.net.Transport;
import io.chordmr.ring.KeyRouting;
import io.chordmr.ring.LookupException;
import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys replicated on the ring: a key lives on the first RF nodes of its preference list. A write
 * returns once every live replica has forced it to disk; a read takes the first replica that has
 * the key. Serves the store's messages from other nodes on a disk executor, never an event loop.
 */
public final class ReplicatedStore {

    private static final Logger log = LoggerFactory.getLogger(ReplicatedStore.class);
    private static final int MAX_KEY_LENGTH = 1024;
    static final int MAX_DIGEST_RANGES = 4096;

    private final KeyRouting ring;
    private final Duration requestTimeout;
    private final Transport transport;
    private final ChunkStore local;
    private final StoreConfig config;
    private final ExecutorService disk;
    private final VersionClock clock;
    private volatile java.util.function.IntSupplier underReplicated = () -> 0;
    private volatile java.util.function.LongSupplier purgedThrough = () -> 0;

    /**
     * @param ring           where keys live
     * @param requestTimeout time-out of a small request to a replica (a list, a stat)
     */
    public ReplicatedStore(KeyRouting ring, Duration requestTimeout, Transport transport, ChunkStore local, StoreConfig config,
                           ExecutorService disk) {
        this.ring = ring;
        this.requestTimeout = requestTimeout;
        this.transport = transport;
        this.local = local;
        this.config = config;
        this.disk = disk;
        this.clock = new VersionClock(config.clock()::millis);
    }

    public void registerWith(Dispatcher d) {
        // A replica's write goes from the socket's buffers to its file with no copy in between.
        d.registerBuffers(StoreMessageType.STORE_PUT, b -> {
            CompletableFuture<byte[]> stored;
            try {
                stored = onDisk(() -> {
                    checkMember();
                    StoreCodec.ItemView item = StoreCodec.itemView(b);
                    checkKey(item.key());
                    clock.observe(item.version());
                    boolean kept = local.put(item.key(), item.version(), item.tombstone(), item.data());
                    return new BodyWriter(9).writeBoolean(kept).writeLong(heldAfter(item.key(), item.version())).toByteArray();
                });
            } catch (RuntimeException e) {
                b.release();
                throw e;
            }
            return stored.whenComplete((r, e) -> b.release());
        });
        d.register(StoreMessageType.STORE_STATS, b -> CompletableFuture.completedFuture(new BodyWriter(24)
                .writeInt(local.keyCount()).writeLong(local.bytesStored()).writeInt(underReplicated.getAsInt())
                .writeLong(purgedThrough.getAsLong()).toByteArray()));
        d.register(StoreMessageType.STORE_DIGEST, b -> onDisk(() -> digestsBody(StoreCodec.ranges(b))));
        d.register(StoreMessageType.STORE_HOLDS, b -> onDisk(() -> StoreCodec.keys(heldHere(StoreCodec.versions(b).keySet()))));
        d.register(StoreMessageType.STORE_GET, b -> onDisk(() -> StoreCodec.optionalItem(local.get(checkKey(new BodyReader(b).readString())))));
        d.register(StoreMessageType.STORE_HAVE, b -> onDisk(() -> {
            checkMember();
            Map<String, Long> offer = StoreCodec.versions(b);
            offer.values().stream().mapToLong(Long::longValue).max().ifPresent(clock::observe);
            return StoreCodec.keys(wanted(offer));
        }));
        d.register(StoreMessageType.STORE_LIST, b -> onDisk(() -> {
            BodyReader r = new BodyReader(b);
            return StoreCodec.entries(localEntries(r.readString(), r.readString()));
        }));
    }

    /** Where STORE_STATS answers take their under-replicated count from (anti-entropy). */
    public void underReplicatedFrom(java.util.function.IntSupplier source) {
        this.underReplicated = source;
    }

    /** Where STORE_STATS answers take the newest tombstone this node dropped from (anti-entropy). */
    public void purgedThroughFrom(java.util.function.LongSupplier source) {
        this.purgedThrough = source;
    }

    /**
     * Keys, bytes and under-replicated keys of one node, and the issue time of the newest delete
     * marker it has dropped as expired (0 from a node that does not say).
     */
    public record NodeStats(int keys, long bytes, int underReplicated, long purgedThroughMillis) {
    }

    public CompletableFuture<NodeStats> stats(NodeRef n) {
        if (n.equals(ring.self())) {
            return CompletableFuture.completedFuture(new NodeStats(local.keyCount(), local.bytesStored(), underReplicated.getAsInt(),
                    purgedThrough.getAsLong()));
        }
        return transport.request(n.address(), StoreMessageType.STORE_STATS, new byte[0], requestTimeout)
                .thenApply(b -> {
                    BodyReader r = new BodyReader(b);
                    return new NodeStats(r.readInt(), r.readLong(), r.readInt(), r.hasMore() ? r.readLong() : 0);
                });
    }

    private CompletableFuture<byte[]> onDisk(Supplier<byte[]> work) {
        return CompletableFuture.supplyAsync(work, disk);
    }

    /**
     * Copies go to members only. A peer whose view is a moment old may still count a node that
     * has left; were it given the copy (or told it is there), the key would leave with that node.
     */
    private void checkMember() {
        if (!ring.isMember()) {
            throw new RequestException(ErrorCode.NOT_MEMBER, "node " + ring.self().name() + " is not a ring member; it takes no copies");
        }
    }

    private static String checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new RequestException(ErrorCode.BAD_REQUEST, "key length " + key.length() + " is outside 1.." + MAX_KEY_LENGTH);
        }
        return key;
    }

    /** The keys of an offer this replica lacks or holds an older version of. */
    List<String> wanted(Map<String, Long> offered) {
        List<String> out = new ArrayList<>();
        offered.forEach((k, v) -> {
            ChunkStore.Entry e = local.entry(k);
            if (e == null || e.version() < v) {
                out.add(k);
            }
        });
        return out;
    }

    Map<String, ChunkStore.Entry> localEntries(String prefix, String suffix) {
        Map<String, ChunkStore.Entry> out = new LinkedHashMap<>();
        local.entries().forEach((k, e) -> {
            if (k.startsWith(prefix) && k.endsWith(suffix)) {
                out.put(k, e);
            }
        });
        return out;
    }

    public KeyRouting ring() {
        return ring;
    }

    public ChunkStore local() {
        return local;
    }

    public StoreConfig config() {
        return config;
    }

    public long nextVersion() {
        return clock.next();
    }

    /** The nodes that should hold the key: the first RF entries of its preference list. */
    public List<NodeRef> replicaSet(String key) {
        List<NodeRef> p = ring.preferenceList(NodeId.hash(key), Set.of());
        return p.subList(0, Math.min(config.replication(), p.size()));
    }

    /**
     * Writes the item to every live replica, and returns once they all have it on disk. A replica
     * that does not answer is replaced by the next node of the preference list.
     *
     * @return how many replicas acknowledged
     */
    public int write(StoredItem item) {
        return writeOnce(Put.of(item)).acked();
    }

    /**
     * Writes the item as the key's latest value: when a replica already holds a higher version (one
     * issued by a node whose clock runs ahead, or a write this node has not heard of), the item is
     * written again under a version above it, so that the write that comes last wins whatever the
     * clocks say. Deletes and dataset writes take this path; a repair push never does.
     *
     * @return how many replicas acknowledged the version finally written
     */
    public int writeNewest(StoredItem item) {
        return writeNewest(Put.of(item));
    }

    /**
     * {@link #writeNewest(StoredItem)} of a value held in a buffer (a dataset's chunk as it came in),
     * which is written to disk and sent to replicas from its own memory. The buffer stays the
     * caller's; its indices do not move.
     */
    public int writeNewest(String key, long version, ByteBuf value) {
        return writeNewest(new Put(key, version, false, value));
    }

    private int writeNewest(Put put) {
        Put current = put;
        for (int attempt = 0; ; attempt++) {
            Written w = writeOnce(current);
            if (w.highestHeld() <= current.version() || attempt == 4) {
                return w.acked();
            }
            clock.observe(w.highestHeld());
            current = new Put(current.key(), clock.next(), current.tombstone(), current.data());
        }
    }

    /** One copy to put: a value in a buffer, which an item's array is wrapped in. */
    private record Put(String key, long version, boolean tombstone, ByteBuf data) {
        static Put of(StoredItem item) {
            return new Put(item.key(), item.version(), item.tombstone(), Unpooled.wrappedBuffer(item.data()));
        }
    }

    /** What one write achieved: acknowledgements, and the highest version a replica said it holds. */
    private record Written(int acked, long highestHeld) {
    }

    private Written writeOnce(Put item) {
        checkKey(item.key());
        long highestHeld = item.version();
        Set<Long> failed = new HashSet<>();
        Set<Long> acked = new HashSet<>();
        Throwable lastError = null;
        for (int round = 0; round < 4; round++) {
            List<NodeRef> prefs;
            try {
                prefs = ring.preferenceList(NodeId.hash(item.key()), failed);
            } catch (LookupException e) {
                lastError = e;
                break;
            }
            int want = Math.min(config.replication(), prefs.size() + acked.size());
            List<NodeRef> targets = new ArrayList<>();
            for (NodeRef n : prefs) {
                if (acked.size() + targets.size() >= want) {
                    break;
                }
                if (!acked.contains(n.id())) {
                    targets.add(n);
                }
            }
            if (targets.isEmpty()) {
                break;
            }
            List<CompletableFuture<Long>> calls = targets.stream().map(n -> putHeld(n, item)).toList();
            for (int i = 0; i < targets.size(); i++) {
                try {
                    highestHeld = Math.max(highestHeld, calls.get(i).join());
                    acked.add(targets.get(i).id());
                } catch (CompletionException e) {
                    failed.add(targets.get(i).id());
                    lastError = e.getCause();
                    log.debug("store: node={} write of {} to {} failed: {}", ring.self().name(), item.key(), targets.get(i), e.getCause().toString());
                }
            }
            if (acked.size() >= config.replication() || failed.isEmpty()) {
                break;
            }
        }
        if (acked.isEmpty()) {
            throw new StoreUnavailableException("no replica of key " + item.key() + " accepted the write", lastError);
        }
        clock.observe(highestHeld);
        return new Written(acked.size(), highestHeld);
    }

    /** The newest item a replica returns first, or null when no replica has the key (or it was deleted). */
    public StoredItem read(String key) {
        Set<Long> failed = new HashSet<>();
        Throwable lastError = null;
        boolean anyAnswered = false;
        for (int round = 0; round < 3; round++) {
            List<NodeRef> prefs;
            try {
                prefs = ring.preferenceList(NodeId.hash(key), failed);
            } catch (LookupException e) {
                lastError = e;
                break;
            }
            Set<Long> asked = new HashSet<>();
            for (NodeRef n : prefs) {
                asked.add(n.id());
                try {
                    StoredItem item = get(n, key).join();
                    anyAnswered = true;
                    if (item != null) {
                        return item.tombstone() ? null : item;
                    }
                } catch (CompletionException e) {
                    failed.add(n.id());
                    lastError = e.getCause();
                }
            }
            if (anyAnswered) {
                StoredItem found = readFormerReplicas(key, asked);
                if (found == null && layoutChangedRecently()) {
                    found = readEveryMember(key, asked);
                }
                return found == null || found.tombstone() ? null : found;
            }
        }
        throw new StoreUnavailableException("no replica of key " + key + " answered", lastError);
    }

    /**
     * A key none of its replicas has may have been written before virtual nodes, at one position
     * a node, and not moved yet: those nodes are asked too, so an upgrade loses nothing meanwhile.
     * The first copy or delete marker found there (adding whom it asked to {@code asked}), or null.
     */
    private StoredItem readFormerReplicas(String key, Set<Long> asked) {
        for (NodeRef n : ring.formerPreferenceList(NodeId.hash(key))) {
            if (!asked.add(n.id())) {
                continue;
            }
            try {
                StoredItem item = get(n, key).join();
                if (item != null) {
                    return item;
                }
            } catch (CompletionException e) {
                log.debug("store: node={} read of {} from former replica {} failed: {}", ring.self().name(), key, n, e.getCause().toString());
            }
        }
        return null;
    }

    /**
     * Whether this node's view of the layout changed within the last minute, or a dozen repair
     * rounds if longer: until repair has moved every key to its new replicas (nodes restarted with
     * more tokens, several in a row), a key can be held only by nodes an earlier layout chose.
     */
    private boolean layoutChangedRecently() {
        long window = Math.max(60_000, config.repairInterval().toMillis() * 12);
        return System.currentTimeMillis() - ring.layoutChangedAtMillis() < window;
    }

    /**
     * The last resort of a read that found nothing where either layout puts the key, while the
     * layout is changing: every other member is asked at once, and the newest version any holds wins.
     */
    private StoredItem readEveryMember(String key, Set<Long> asked) {
        Map<NodeRef, CompletableFuture<StoredItem>> calls = new LinkedHashMap<>();
        for (NodeRef n : ring.members(4096)) {
            if (!asked.contains(n.id())) {
                calls.put(n, get(n, key));
            }
        }
        StoredItem newest = null;
        List<String> holders = new ArrayList<>();
        for (Map.Entry<NodeRef, CompletableFuture<StoredItem>> c : calls.entrySet()) {
            try {
                StoredItem item = c.getValue().join();
                if (item != null) {
                    holders.add(c.getKey().name());
                    newest = newest == null || item.version() > newest.version() ? item : newest;
                }
            } catch (CompletionException e) {
                log.debug("store: node={} read of {} from member {} failed: {}", ring.self().name(), key, c.getKey(), e.getCause().toString());
            }
        }
        if (newest != null) {
            log.info("store: node={} found {} only on {}, outside both layouts' replicas (the layout changed recently)",
                    ring.self().name(), key, holders);
        }
        return newest;
    }

    /** Marks the key deleted on its replicas. */
    public void delete(String key) {
        writeNewest(StoredItem.tombstone(key, clock.next()));
    }

    /** Pushes one copy as it is (a repair); true when the replica stored it. */
    CompletableFuture<Boolean> put(NodeRef n, StoredItem item) {
        return putHeld(n, Put.of(item)).thenApply(held -> held == item.version());
    }

    /** Puts one copy; the version the replica holds afterwards (the item's, or a newer one it kept). */
    private CompletableFuture<Long> putHeld(NodeRef n, Put item) {
        if (n.equals(ring.self())) {
            return CompletableFuture.supplyAsync(() -> {
                local.put(item.key(), item.version(), item.tombstone(), item.data().nioBuffers());
                return heldAfter(item.key(), item.version());
            }, disk);
        }
        int length = item.data().readableBytes();
        return transport.request(n.address(), StoreMessageType.STORE_PUT,
                        StoreCodec.itemHead(item.key(), item.version(), item.tombstone(), length), item.data(), timeoutFor(length))
                .thenApply(b -> {
                    BodyReader r = new BodyReader(b);
                    r.readBoolean();
                    // A node from before versions were reported answers the boolean alone.
                    return r.hasMore() ? r.readLong() : item.version();
                });
    }

    /**
     * The version this replica holds of the item's key after a put of it: above the item's when a
     * newer write got here first, which a writer that wants the latest word (writeNewest) answers by
     * writing again above it.
     */
    private long heldAfter(String key, long version) {
        ChunkStore.Entry held = local.entry(key);
        return held == null ? version : held.version();
    }

    /** The keys this replica holds at any version, a delete marker included. */
    private List<String> heldHere(java.util.Collection<String> keys) {
        return keys.stream().filter(k -> local.entry(k) != null).toList();
    }

    /** A transfer's time-out: a few seconds plus a millisecond per KiB, never more than the configured maximum. */
    java.time.Duration timeoutFor(long bytes) {
        long ms = Math.min(config.dataTimeout().toMillis(), 5000 + bytes / 1024);
        return java.time.Duration.ofMillis(ms);
    }

    CompletableFuture<StoredItem> get(NodeRef n, String key) {
        if (n.equals(ring.self())) {
            return CompletableFuture.supplyAsync(() -> local.get(key), disk);
        }
        return transport.request(n.address(), StoreMessageType.STORE_GET, new BodyWriter(key.length() + 8).writeString(key).toByteArray(),
                config.dataTimeout()).thenApply(StoreCodec::optionalItem).thenApply(item -> {
                    if (item != null) {
                        clock.observe(item.version());
                    }
                    return item;
                });
    }

    CompletableFuture<List<String>> have(NodeRef n, Map<String, Long> offer) {
        if (n.equals(ring.self())) {
            return CompletableFuture.completedFuture(wanted(offer));
        }
        return transport.request(n.address(), StoreMessageType.STORE_HAVE, StoreCodec.versions(offer), timeoutFor(64L * offer.size()))
                .thenApply(StoreCodec::keys);
    }

    private byte[] digestsBody(List<KeyRange> ranges) {
        if (ranges.size() > MAX_DIGEST_RANGES) {
            throw new RequestException(ErrorCode.BAD_REQUEST, ranges.size() + " ranges in one digest request; at most " + MAX_DIGEST_RANGES);
        }
        BodyWriter w = new BodyWriter(12 * ranges.size() + 4).writeInt(ranges.size());
        for (KeyRange r : ranges) {
            KeyDigests.Digest d = local.digest(r.first(), r.last());
            w.writeInt(d.count()).writeLong(d.xor());
        }
        return w.toByteArray();
    }

    /** The digests of the keys one node holds in each range (see {@link KeyDigests}); at most {@link #MAX_DIGEST_RANGES} ranges. */
    CompletableFuture<List<KeyDigests.Digest>> digests(NodeRef n, List<KeyRange> ranges) {
        if (n.equals(ring.self())) {
            return CompletableFuture.completedFuture(StoreCodec.digests(digestsBody(ranges)));
        }
        return transport.request(n.address(), StoreMessageType.STORE_DIGEST, StoreCodec.ranges(ranges), requestTimeout)
                .thenApply(StoreCodec::digests);
    }

    /** The keys of the offer one node holds at any version, a delete marker included. */
    CompletableFuture<List<String>> holds(NodeRef n, Map<String, Long> keys) {
        if (n.equals(ring.self())) {
            return CompletableFuture.completedFuture(heldHere(keys.keySet()));
        }
        return transport.request(n.address(), StoreMessageType.STORE_HOLDS, StoreCodec.versions(keys), timeoutFor(64L * keys.size()))
                .thenApply(StoreCodec::keys);
    }

    /** The keys with a prefix and suffix that one node holds, with their versions. */
    public CompletableFuture<Map<String, ChunkStore.Entry>> list(NodeRef n, String prefix, String suffix) {
        if (n.equals(ring.self())) {
            return CompletableFuture.completedFuture(localEntries(prefix, suffix));
        }
        return transport.request(n.address(), StoreMessageType.STORE_LIST,
                new BodyWriter(prefix.length() + suffix.length() + 8).writeString(prefix).writeString(suffix).toByteArray(),
                config.dataTimeout()).thenApply(StoreCodec::entries);
    }

    static boolean unreachable(Throwable t) {
        return t instanceof PeerUnreachableException || t instanceof RemoteException;
    }
}
