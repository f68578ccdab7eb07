package io.chordmr.store;

import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import io.chordmr.ring.Membership;
import io.chordmr.ring.RingState;
import io.chordmr.ring.TokenRing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every key this node holds on exactly its replica set. Each round it offers the versions
 * of its keys to their replicas, pushes what a replica lacks, and drops its own copy of a key it
 * should no longer hold once every replica of that key has confirmed it. Runs periodically and
 * soon after every ring change, so joins, leaves and deaths all move data the same way.
 */
public final class AntiEntropy {

    private static final Logger log = LoggerFactory.getLogger(AntiEntropy.class);
    private static final int OFFER_BATCH = 2000;
    /** A range that differs is cut in this many parts and compared again... */
    private static final int FANOUT = 16;
    /** ...until it holds at most this many keys here, which are offered one by one. */
    private static final int OFFER_KEYS = 64;
    private static final int MAX_MEMBERS = 4096;

    /** What one round did. */
    public record Round(int keys, int pushed, int dropped, int underReplicated) {
    }

    private final Membership ring;
    private final ReplicatedStore store;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    private volatile int underReplicated;
    private volatile int lastRingSize;
    private final Path leaseFile;
    private volatile long purgedThrough;
    /** When this node was last a member before it started, if that is longer ago than the tombstone lifetime; else 0. */
    private long awaySince;
    private int returnChecks;
    private volatile boolean ringChanged = true;

    public AntiEntropy(Membership ring, ReplicatedStore store, ScheduledExecutorService executor) {
        this.ring = ring;
        this.store = store;
        this.executor = executor;
        this.leaseFile = store.local().dataDirectory().resolve("store-lease");
        StoreLease lease = StoreLease.read(leaseFile);
        this.purgedThrough = lease.purgedThroughMillis();
        long away = store.config().clock().millis() - lease.lastMemberMillis();
        if (lease.lastMemberMillis() > 0 && away > store.config().tombstoneTtl().toMillis() && store.local().keyCount() > 0) {
            awaySince = lease.lastMemberMillis();
            log.info("store: node={} was last a ring member {} s ago, longer than the tombstone lifetime; its copies are checked before they are offered",
                    ring.self().name(), away / 1000);
        }
        store.purgedThroughFrom(() -> purgedThrough);
    }

    public void start() {
        long every = store.config().repairInterval().toMillis();
        executor.scheduleWithFixedDelay(this::safeRound, every, every, TimeUnit.MILLISECONDS);
        ring.addListener(this::ringChanged);
    }

    private void ringChanged(RingState state) {
        ringChanged = true;
        // Coalesce bursts of ring changes into one round shortly after.
        if (pending.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> {
                    pending.set(false);
                    safeRound();
                }, 200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // the node is stopping
            }
        }
    }

    private void safeRound() {
        try {
            runRound();
        } catch (RuntimeException e) {
            log.debug("store: node={} repair round failed: {}", ring.self().name(), e.toString());
        }
    }

    /** Primary keys of this node that had fewer than RF confirmed copies in the last round. */
    public int underReplicated() {
        return underReplicated;
    }

    public long rounds() {
        return rounds.get();
    }

    public int lastRingSize() {
        return lastRingSize;
    }

    /** One repair round; public so tests can run one and wait for it. */
    public Round runRound() {
        return round(false);
    }

    /** After a graceful leave: gives every key to its replica set among the members left. */
    public Round handOff() {
        return round(true);
    }

    private synchronized Round round(boolean leaving) {
        NodeRef self = ring.self();
        if (!leaving && !ring.isMember()) {
            return new Round(0, 0, 0, underReplicated);
        }
        TokenRing members = placement(leaving);
        if (members.size() == 0) {
            return new Round(0, 0, 0, underReplicated);
        }
        if (!leaving && awaySince > 0 && !checkReturn(members)) {
            return new Round(0, 0, 0, underReplicated);
        }
        long now = store.config().clock().millis();
        int expired = expireTombstones(now);
        Round r = leaving ? byKey(store.local().entries(), members, true) : byRange(members);
        underReplicated = r.underReplicated();
        if (!leaving) {
            writeLease(now);
        }
        rounds.incrementAndGet();
        if (r.pushed() > 0 || r.dropped() + expired > 0) {
            log.info("store: node={} repair pushed={} dropped={} keys={} underReplicated={}",
                    self.name(), r.pushed(), r.dropped() + expired, r.keys(), r.underReplicated());
        }
        return new Round(r.keys(), r.pushed(), r.dropped() + expired, r.underReplicated());
    }

    /** Drops the delete markers older than the tombstone lifetime, noting the newest one dropped. */
    private int expireTombstones(long now) {
        int dropped = 0;
        for (String key : store.local().tombstoneKeys()) {
            ChunkStore.Entry entry = store.local().entry(key);
            if (entry == null || !entry.tombstone()) {
                continue;
            }
            long issued = VersionClock.millisOf(entry.version());
            if (now - issued > store.config().tombstoneTtl().toMillis() && store.local().remove(key, entry.version())) {
                dropped++;
                purgedThrough = Math.max(purgedThrough, issued);
            }
        }
        return dropped;
    }

    /**
     * The round of a member: for each peer it shares keys with, the ranges they share are compared
     * by digest and only the keys of a range that differs are offered (Dynamo's and Cassandra's
     * Merkle-tree repair, the tree walked on demand: a range that differs is cut in
     * {@link #FANOUT} and compared again until it holds at most {@link #OFFER_KEYS} keys here). Keys
     * this node holds outside its own ranges, after a ring change, go key by key to their replicas
     * and are dropped here once all have them.
     */
    private Round byRange(TokenRing members) {
        NodeRef self = ring.self();
        ChunkStore local = store.local();
        List<TokenRing.Arc> arcs = members.arcs(store.config().replication());
        Map<String, ChunkStore.Entry> misplaced = new HashMap<>();
        Map<NodeRef, List<KeyRange>> shared = new LinkedHashMap<>();
        for (TokenRing.Arc a : arcs) {
            if (!a.replicas().contains(self)) {
                for (String k : local.keysIn(a.first(), a.last())) {
                    ChunkStore.Entry e = local.entry(k);
                    if (e != null) {
                        misplaced.put(k, e);
                    }
                }
                continue;
            }
            for (NodeRef n : a.replicas()) {
                if (!n.equals(self)) {
                    addMerged(shared.computeIfAbsent(n, x -> new ArrayList<>()), new KeyRange(a.first(), a.last()));
                }
            }
        }
        Round moved = misplaced.isEmpty() ? new Round(0, 0, 0, 0) : byKey(misplaced, members, false);
        int pushed = moved.pushed();
        Set<NodeRef> failed = new HashSet<>();
        for (Map.Entry<NodeRef, List<KeyRange>> e : shared.entrySet()) {
            try {
                pushed += compare(e.getKey(), e.getValue());
            } catch (CompletionException | StoreCorruptedException | RemoteCallFailed x) {
                failed.add(e.getKey());
                log.debug("store: node={} could not compare ranges with {}: {}", self.name(), e.getKey(), x.toString());
            }
        }
        int under = 0;
        if (!failed.isEmpty()) {
            for (TokenRing.Arc a : arcs) {
                if (a.replicas().get(0).equals(self) && a.replicas().stream().anyMatch(failed::contains)) {
                    under += local.digest(a.first(), a.last()).count();
                }
            }
        }
        return new Round(local.keyCount(), pushed, moved.dropped(), under);
    }

    /** Appends a range, joined to the last one when they touch (arcs come in ring order). */
    private static void addMerged(List<KeyRange> ranges, KeyRange r) {
        if (!ranges.isEmpty()) {
            KeyRange last = ranges.get(ranges.size() - 1);
            if (last.last() != -1L && last.last() + 1 == r.first()) {
                ranges.set(ranges.size() - 1, new KeyRange(last.first(), r.last()));
                return;
            }
        }
        ranges.add(r);
    }

    /**
     * Compares the ranges with one peer and offers it the keys of those that differ.
     *
     * @return how many copies were pushed
     * @throws CompletionException when the peer could not be asked
     */
    private int compare(NodeRef n, List<KeyRange> ranges) {
        ChunkStore local = store.local();
        int pushed = 0;
        List<KeyRange> ask = ranges;
        while (!ask.isEmpty()) {
            List<KeyDigests.Digest> theirs = digestsOf(n, ask);
            List<KeyRange> deeper = new ArrayList<>();
            Map<String, Long> offer = new LinkedHashMap<>();
            for (int i = 0; i < ask.size(); i++) {
                KeyRange r = ask.get(i);
                KeyDigests.Digest mine = local.digest(r.first(), r.last());
                // Equal, or nothing here to offer (what the peer holds beyond, its own round brings).
                if (mine.equals(theirs.get(i)) || mine.count() == 0) {
                    continue;
                }
                List<KeyRange> parts = mine.count() <= OFFER_KEYS ? List.of(r) : r.split(FANOUT);
                if (parts.size() > 1) {
                    deeper.addAll(parts);
                    continue;
                }
                for (String k : local.keysIn(r.first(), r.last())) {
                    ChunkStore.Entry e = local.entry(k);
                    if (e != null) {
                        offer.put(k, e.version());
                    }
                }
            }
            if (!offer.isEmpty()) {
                Set<String> confirmed = new HashSet<>();
                pushed += reconcile(n, offer, confirmed);
                if (confirmed.size() < offer.size() && !stillChanging(offer, confirmed)) {
                    throw new RemoteCallFailed(n + " did not take every copy offered");
                }
            }
            ask = deeper;
        }
        return pushed;
    }

    /** True when every offered key left unconfirmed has changed here since: a write raced the round, not a failure. */
    private boolean stillChanging(Map<String, Long> offer, Set<String> confirmed) {
        for (Map.Entry<String, Long> o : offer.entrySet()) {
            ChunkStore.Entry now = store.local().entry(o.getKey());
            if (!confirmed.contains(o.getKey()) && now != null && now.version() == o.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A peer's digests of the ranges, asked for in requests of at most {@link ReplicatedStore#MAX_DIGEST_RANGES}. */
    private List<KeyDigests.Digest> digestsOf(NodeRef n, List<KeyRange> ranges) {
        List<KeyDigests.Digest> out = new ArrayList<>(ranges.size());
        for (int from = 0; from < ranges.size(); from += ReplicatedStore.MAX_DIGEST_RANGES) {
            List<KeyRange> batch = ranges.subList(from, Math.min(ranges.size(), from + ReplicatedStore.MAX_DIGEST_RANGES));
            List<KeyDigests.Digest> got = store.digests(n, batch).join();
            if (got.size() != batch.size()) {
                throw new RemoteCallFailed(n + " answered " + got.size() + " digests for " + batch.size() + " ranges");
            }
            out.addAll(got);
        }
        return out;
    }

    /** A peer that answered, but not as asked. */
    private static final class RemoteCallFailed extends RuntimeException {
        RemoteCallFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Offers each key to its replica set, pushes what a replica lacks, and drops this node's copy of
     * a key it should not hold once every replica has confirmed it (never while leaving). The whole
     * store goes this way on a hand-off; in a member's round only the keys outside its ranges.
     */
    private Round byKey(Map<String, ChunkStore.Entry> entries, TokenRing members, boolean leaving) {
        NodeRef self = ring.self();
        Map<String, List<NodeRef>> sets = new HashMap<>();
        Map<NodeRef, Map<String, Long>> offers = new LinkedHashMap<>();
        for (Map.Entry<String, ChunkStore.Entry> e : entries.entrySet()) {
            List<NodeRef> rs = replicaSet(members, e.getKey());
            sets.put(e.getKey(), rs);
            for (NodeRef n : rs) {
                if (!n.equals(self)) {
                    offers.computeIfAbsent(n, x -> new LinkedHashMap<>()).put(e.getKey(), e.getValue().version());
                }
            }
        }
        Map<Long, Set<String>> confirmed = new HashMap<>();
        int pushed = 0;
        for (Map.Entry<NodeRef, Map<String, Long>> o : offers.entrySet()) {
            pushed += reconcile(o.getKey(), o.getValue(), confirmed.computeIfAbsent(o.getKey().id(), x -> new HashSet<>()));
        }
        int dropped = 0;
        int under = 0;
        for (Map.Entry<String, List<NodeRef>> s : sets.entrySet()) {
            List<NodeRef> rs = s.getValue();
            int copies = 0;
            for (NodeRef n : rs) {
                copies += n.equals(self) || confirmed.getOrDefault(n.id(), Set.of()).contains(s.getKey()) ? 1 : 0;
            }
            boolean mine = rs.contains(self);
            if (!mine && !leaving && copies == rs.size()) {
                dropped += store.local().remove(s.getKey(), entries.get(s.getKey()).version()) ? 1 : 0;
            }
            if (mine && rs.get(0).equals(self) && copies < rs.size()) {
                under++;
            }
        }
        return new Round(entries.size(), pushed, dropped, under);
    }

    /** Where keys live; for a hand-off, without this node and with its own neighbours for certain. */
    private TokenRing placement(boolean leaving) {
        if (!leaving) {
            // The view the ring keeps (renewed every second by its maintenance) serves a periodic
            // round; after a ring change the members are looked up afresh, so keys move at once.
            boolean changed = ringChanged;
            ringChanged = false;
            TokenRing t = changed ? ring.renewPlacement() : ring.placement();
            lastRingSize = t.size();
            return t;
        }
        Map<NodeRef, Integer> members = new LinkedHashMap<>();
        ring.members(MAX_MEMBERS).forEach(n -> members.put(n, ring.tokensOf(n)));
        // The walk skips a member that is slow to answer; a hand-off that missed it would leave
        // keys short of copies. This node's own neighbours are members for certain.
        var st = ring.state();
        st.successors().forEach(n -> members.putIfAbsent(n, ring.tokensOf(n)));
        if (st.predecessor() != null) {
            members.putIfAbsent(st.predecessor(), ring.tokensOf(st.predecessor()));
        }
        members.remove(ring.self());
        lastRingSize = members.size();
        return TokenRing.of(members);
    }

    private void writeLease(long now) {
        try {
            new StoreLease(now, purgedThrough).write(leaseFile);
        } catch (java.io.UncheckedIOException e) {
            log.warn("store: node={} could not record its lease: {}", ring.self().name(), e.getMessage());
        }
    }

    /**
     * Cassandra's gc_grace rule, made safe for a whole cluster restarted together. A node that was
     * away longer than the tombstone lifetime may hold keys deleted meanwhile whose delete markers
     * the others have since dropped; offered, those keys would come back. Such a key's version was
     * issued before the newest marker some member dropped (its purge watermark) and no replica holds
     * it at any version; that is set aside in {@code quarantine/} (kept on disk, never served). When
     * no member dropped a marker issued after this node left, as after a restart of every node at
     * once, nothing could have been missed and everything is kept.
     *
     * @return false to put the round off: not every member answered yet
     */
    private boolean checkReturn(TokenRing members) {
        NodeRef self = ring.self();
        long watermark = 0;
        boolean allAnswered = true;
        for (NodeRef n : members.tokens().keySet()) {
            if (n.equals(self)) {
                continue;
            }
            try {
                watermark = Math.max(watermark, store.stats(n).join().purgedThroughMillis());
            } catch (CompletionException e) {
                allAnswered = false;
            }
        }
        // A member down for good drops out of the walk; one that is only slow gets a minute.
        if (!allAnswered && ++returnChecks < 12) {
            return false;
        }
        long left = awaySince;
        awaySince = 0;
        if (watermark <= left) {
            log.info("store: node={} keeps its copies: no member dropped a delete issued since it left", self.name());
            return true;
        }
        long newestDropped = watermark;
        Map<String, ChunkStore.Entry> suspects = new HashMap<>();
        store.local().entries().forEach((k, e) -> {
            if (!e.tombstone() && VersionClock.millisOf(e.version()) < newestDropped) {
                suspects.put(k, e);
            }
        });
        Set<String> held = new HashSet<>();
        Map<NodeRef, Map<String, Long>> asks = new LinkedHashMap<>();
        suspects.forEach((k, e) -> replicaSet(members, k).stream().filter(n -> !n.equals(self))
                .forEach(n -> asks.computeIfAbsent(n, x -> new LinkedHashMap<>()).put(k, e.version())));
        asks.forEach((n, keys) -> {
            for (Map<String, Long> batch : batches(keys)) {
                try {
                    held.addAll(store.holds(n, batch).join());
                } catch (CompletionException e) {
                    log.debug("store: node={} could not ask {} which keys it holds: {}", self.name(), n, e.toString());
                }
            }
        });
        int setAside = 0;
        for (Map.Entry<String, ChunkStore.Entry> e : suspects.entrySet()) {
            if (!held.contains(e.getKey()) && store.local().quarantine(e.getKey(), e.getValue().version())) {
                setAside++;
            }
        }
        if (setAside > 0) {
            log.warn("store: node={} was away longer than the tombstone lifetime and the ring has dropped deletes since: {} of its keys no "
                    + "replica holds any more were set aside in {} rather than brought back", self.name(), setAside,
                    store.local().quarantineDirectory());
        } else {
            log.info("store: node={} keeps its copies: every key that could have been deleted while it was away is still held elsewhere", self.name());
        }
        return true;
    }

    /** Offers versions to one replica and pushes what it lacks; records what it now holds. */
    private int reconcile(NodeRef n, Map<String, Long> offer, Set<String> confirmed) {
        int pushed = 0;
        for (Map<String, Long> batch : batches(offer)) {
            try {
                Set<String> wanted = new HashSet<>(store.have(n, batch).join());
                for (String k : batch.keySet()) {
                    if (!wanted.contains(k)) {
                        confirmed.add(k);
                        continue;
                    }
                    StoredItem item = store.local().get(k);
                    if (item != null && item.version() == batch.get(k)) {
                        store.put(n, item).join();
                        confirmed.add(k);
                        pushed++;
                    }
                }
            } catch (CompletionException | StoreCorruptedException e) {
                log.debug("store: node={} could not reconcile with {}: {}", ring.self().name(), n, e.toString());
                return pushed;
            }
        }
        return pushed;
    }

    /** The keys and versions in requests of at most {@link #OFFER_BATCH}, in order. */
    private static List<Map<String, Long>> batches(Map<String, Long> versions) {
        List<Map<String, Long>> out = new ArrayList<>();
        Map<String, Long> batch = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : versions.entrySet()) {
            batch.put(e.getKey(), e.getValue());
            if (batch.size() == OFFER_BATCH) {
                out.add(batch);
                batch = new LinkedHashMap<>();
            }
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    private List<NodeRef> replicaSet(TokenRing members, String key) {
        return members.replicas(NodeId.hash(key), store.config().replication());
    }
}
