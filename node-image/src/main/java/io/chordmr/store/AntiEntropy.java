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

    /** Each key's replica set, what to offer each replica, and how many expired tombstones went. */
    private record Plan(Map<String, List<NodeRef>> sets, Map<NodeRef, Map<String, Long>> offers, int dropped) {
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
        Map<String, ChunkStore.Entry> entries = store.local().entries();
        long now = store.config().clock().millis();
        Plan plan = plan(entries, members, now);
        Map<Long, Set<String>> confirmed = new HashMap<>();
        int pushed = 0;
        for (Map.Entry<NodeRef, Map<String, Long>> o : plan.offers().entrySet()) {
            pushed += reconcile(o.getKey(), o.getValue(), confirmed.computeIfAbsent(o.getKey().id(), x -> new HashSet<>()));
        }
        int dropped = plan.dropped();
        int under = 0;
        for (Map.Entry<String, List<NodeRef>> s : plan.sets().entrySet()) {
            List<NodeRef> rs = s.getValue();
            int copies = 0;
            for (NodeRef n : rs) {
                copies += n.equals(self) || confirmed.getOrDefault(n.id(), Set.of()).contains(s.getKey()) ? 1 : 0;
            }
            boolean mine = rs.contains(self);
            // A key this node should not hold goes once every replica has confirmed it; never while leaving.
            if (!mine && !leaving && copies == rs.size()) {
                dropped += store.local().remove(s.getKey(), entries.get(s.getKey()).version()) ? 1 : 0;
            }
            if (mine && rs.get(0).equals(self) && copies < rs.size()) {
                under++;
            }
        }
        underReplicated = under;
        if (!leaving) {
            writeLease(now);
        }
        rounds.incrementAndGet();
        if (pushed > 0 || dropped > 0) {
            log.info("store: node={} repair pushed={} dropped={} keys={} underReplicated={}",
                    self.name(), pushed, dropped, entries.size(), under);
        }
        return new Round(entries.size(), pushed, dropped, under);
    }

    /** Where keys live; for a hand-off, without this node and with its own neighbours for certain. */
    private TokenRing placement(boolean leaving) {
        if (!leaving) {
            TokenRing t = ring.renewPlacement();
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

    /** Drops expired tombstones and works out, for every other key, its replica set and the offers to make. */
    private Plan plan(Map<String, ChunkStore.Entry> entries, TokenRing members, long now) {
        NodeRef self = ring.self();
        Map<String, List<NodeRef>> sets = new HashMap<>();
        Map<NodeRef, Map<String, Long>> offers = new LinkedHashMap<>();
        int dropped = 0;
        for (Map.Entry<String, ChunkStore.Entry> e : entries.entrySet()) {
            ChunkStore.Entry entry = e.getValue();
            long issued = VersionClock.millisOf(entry.version());
            if (entry.tombstone() && now - issued > store.config().tombstoneTtl().toMillis()) {
                if (store.local().remove(e.getKey(), entry.version())) {
                    dropped++;
                    purgedThrough = Math.max(purgedThrough, issued);
                }
                continue;
            }
            List<NodeRef> rs = replicaSet(members, e.getKey());
            sets.put(e.getKey(), rs);
            for (NodeRef n : rs) {
                if (!n.equals(self)) {
                    offers.computeIfAbsent(n, x -> new LinkedHashMap<>()).put(e.getKey(), entry.version());
                }
            }
        }
        return new Plan(sets, offers, dropped);
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
            List<String> ks = new ArrayList<>(keys.keySet());
            for (int from = 0; from < ks.size(); from += OFFER_BATCH) {
                Map<String, Long> batch = new LinkedHashMap<>();
                ks.subList(from, Math.min(ks.size(), from + OFFER_BATCH)).forEach(k -> batch.put(k, keys.get(k)));
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
        List<String> keys = new ArrayList<>(offer.keySet());
        for (int from = 0; from < keys.size(); from += OFFER_BATCH) {
            Map<String, Long> batch = new LinkedHashMap<>();
            keys.subList(from, Math.min(keys.size(), from + OFFER_BATCH)).forEach(k -> batch.put(k, offer.get(k)));
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

    private List<NodeRef> replicaSet(TokenRing members, String key) {
        return members.replicas(NodeId.hash(key), store.config().replication());
    }
}
