package io.chordmr.store;

import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import io.chordmr.ring.Membership;
import io.chordmr.ring.RingState;
import io.chordmr.ring.TokenRing;
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

    public AntiEntropy(Membership ring, ReplicatedStore store, ScheduledExecutorService executor) {
        this.ring = ring;
        this.store = store;
        this.executor = executor;
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
        Map<String, ChunkStore.Entry> entries = store.local().entries();
        Plan plan = plan(entries, members, System.currentTimeMillis());
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
            if (entry.tombstone() && now - VersionClock.millisOf(entry.version()) > store.config().tombstoneTtl().toMillis()) {
                dropped += store.local().remove(e.getKey(), entry.version()) ? 1 : 0;
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
