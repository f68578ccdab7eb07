package io.chordmr.ring;

import io.chordmr.net.Address;
import io.chordmr.net.BodyReader;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.RemoteException;
import io.chordmr.net.RequestException;
import io.chordmr.net.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership of the Chord ring, following Zave's corrected protocol: a successor list
 * copied on join, stabilize that drops dead successors and adopts a live predecessor of its
 * successor, rectify instead of notify, and routing over both fingers and the successor list.
 * Its state lives in a {@link SuccessorList}, a {@link FingerTable} and the predecessor;
 * lookups go through the {@link Router}, the member list through the {@link MembershipWalk}.
 * Keys are placed by a {@link TokenRing} over the members a walk found, renewed every second.
 *
 * <p>Maintenance ({@link #stabilize()}, {@link #fixNextFinger()}, {@link #checkPredecessor()})
 * blocks on remote calls, so it runs on a maintenance thread ({@link RingMaintenance}) or, in a
 * simulation, on the driving thread. Request handlers never block.
 */
public final class RingMember implements Membership {

    private static final Logger log = LoggerFactory.getLogger(RingMember.class);
    /** The most members a view walks to; past this many, placement needs gossip, not walks. */
    static final int MAX_VIEW = 4096;

    private final NodeRef self;
    private final RingConfig config;
    private final RingClient client;
    private final Executor background;
    private final SuccessorList successors;
    /** Held by a stabilize round, so that leave can wait for one in progress. */
    private final Object stabilizing = new Object();
    private final FingerTable fingers;
    private final Router router;
    private final MembershipWalk walk;
    private final List<RingListener> listeners = new CopyOnWriteArrayList<>();
    /** The members and their tokens as the last walk found them: where keys live. */
    private volatile TokenRing view;
    private volatile long layoutChangedAt;
    /** Each member's token count from the last state it sent, for members a walk missed. */
    private final Map<Long, Integer> tokensSeen = new ConcurrentHashMap<>();
    private final AtomicBoolean viewRenewing = new AtomicBoolean();
    /** Set by every ring change this node sees; the next placement renews the view (a simulation, placing nothing, never walks). */
    private volatile boolean viewStale;

    /** Where a split ring looks for its other half: the join peers, kept for good ... */
    private final Set<Address> seeds = ConcurrentHashMap.newKeySet();
    static final long FORGET_AFTER_MS = 10 * 60_000L;
    /** ... and every member a view has listed, with when it last did; forgotten {@link #FORGET_AFTER_MS} after. */
    private final Map<Address, Long> seen = new ConcurrentHashMap<>();

    // Guarded by this.
    private NodeRef predecessor;
    private boolean member;

    /**
     * @param background runs the short follow-up checks a request handler may not do itself
     */
    public RingMember(NodeRef self, RingConfig config, Transport transport, Executor background) {
        this.self = self;
        this.config = config;
        this.client = new RingClient(transport, config.requestTimeout());
        this.background = background;
        this.successors = new SuccessorList(self.id(), config.successorListLength(), config.maxSuccessorListLength());
        this.fingers = new FingerTable(self.id());
        this.router = new Router(self, successors, fingers, client, dead -> fingers.drop(dead.id()));
        this.walk = new MembershipWalk(client);
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(RingMessageType.PING, b -> CompletableFuture.completedFuture(new byte[0]))
                .register(RingMessageType.GET_STATE, b -> CompletableFuture.completedFuture(state().encode()))
                .register(RingMessageType.FIND_STEP, b -> {
                    if (!isMember()) {
                        throw new RequestException(ErrorCode.NOT_MEMBER, "node " + self.name() + " is not a ring member yet");
                    }
                    return CompletableFuture.completedFuture(router.onFindStep(b));
                })
                .register(RingMessageType.NOTIFY, b -> {
                    rectify(NodeRef.readFrom(new BodyReader(b)));
                    return CompletableFuture.completedFuture(new byte[0]);
                })
                .register(RingMessageType.LEAVE, b -> {
                    onLeave(RingState.decode(b));
                    return CompletableFuture.completedFuture(new byte[0]);
                });
    }

    @Override
    public void addListener(RingListener l) {
        listeners.add(l);
    }

    @Override
    public NodeRef self() {
        return self;
    }

    public RingConfig config() {
        return config;
    }

    /** The successor list's length now: the ring survives fewer consecutive failures than this. */
    public int successorListLength() {
        return successors.capacity();
    }

    @Override
    public synchronized boolean isMember() {
        return member;
    }

    @Override
    public synchronized RingState state() {
        return new RingState(self, member, predecessor, successors.list(), config.tokens());
    }

    /** Starts a new ring with this node as its only member. */
    public void create() {
        successors.set(List.of());
        synchronized (this) {
            member = true;
            predecessor = null;
        }
        log.info("ring: node={} id={} started a new ring", self.name(), self.idHex());
        fireChanged();
    }

    /**
     * Joins through the first peer that is a member: looks up this node's successor and copies
     * its successor list. Returns false when no peer answered as a member.
     */
    public boolean join(List<Address> peers) {
        for (Address peer : peers) {
            if (peer.equals(self.address())) {
                continue;
            }
            try {
                // Avoiding our own id routes past a stale entry of a previous incarnation of this node.
                NodeRef s = router.route(new NodeRef(0, "peer", peer), self.id(), new LinkedHashSet<>(Set.of(self.id()))).node();
                RingState st = client.getState(s.address());
                successors.adopt(s, st.successors());
                synchronized (this) {
                    predecessor = null;
                    member = true;
                }
                seeds.addAll(peers);
                log.info("ring: node={} id={} joined via {} successor={}", self.name(), self.idHex(), peer, s);
                fireChanged();
                return true;
            } catch (PeerUnreachableException | RemoteException | LookupException e) {
                log.debug("ring: node={} could not join via {}: {}", self.name(), peer, e.getMessage());
            }
        }
        return false;
    }

    /** The key's successor, found by iterative routing from this node. */
    public LookupResult lookup(long key) {
        return lookup(key, Set.of());
    }

    /** Like {@link #lookup(long)}, routing around the given node ids as if they were dead. */
    public LookupResult lookup(long key, Set<Long> avoid) {
        if (!isMember()) {
            throw new LookupException("node " + self.name() + " is not a ring member yet");
        }
        return router.route(self, key, new LinkedHashSet<>(avoid));
    }

    /** One routing step at this node, as a peer's FIND_STEP gets it. */
    RingClient.Step localStep(long key, Set<Long> avoid) {
        return router.localStep(key, avoid);
    }

    /**
     * The key's preference list from this node's view of the members: the members of the tokens
     * at and after the key, each once, skipping the avoided ids; as long as a successor list and one.
     */
    @Override
    public List<NodeRef> preferenceList(long key, Set<Long> avoid) {
        return placement().preferenceList(key, avoid, config.successorListLength() + 1);
    }

    @Override
    public long layoutChangedAtMillis() {
        return layoutChangedAt;
    }

    /** The same members at one position each: where keys lived before virtual nodes. */
    @Override
    public List<NodeRef> formerPreferenceList(long key) {
        TokenRing former = TokenRing.singleToken(List.copyOf(placement().tokens().keySet()));
        return former.preferenceList(key, Set.of(), config.successorListLength() + 1);
    }

    @Override
    public List<NodeRef> members(int max) {
        return walkStates(max).stream().map(RingState::self).toList();
    }

    /** The members' states, a walk once around the ring; notes each one's tokens on the way. */
    private List<RingState> walkStates(int max) {
        List<RingState> states = walk.states(state(), max);
        states.forEach(st -> tokensSeen.put(st.self().id(), st.tokens()));
        return states;
    }

    /** The members and their tokens as this node last saw them; renewed every {@code viewInterval} and soon after a ring change. */
    @Override
    public TokenRing placement() {
        if (!isMember()) {
            throw new LookupException("node " + self.name() + " is not a ring member yet");
        }
        TokenRing v = view;
        if (v == null || !v.contains(self)) {
            return renewView();
        }
        if (viewStale) {
            renewViewSoon();
        }
        return v;
    }

    /** The token count a member last reported, or this node's own when it never said. */
    @Override
    public int tokensOf(NodeRef n) {
        return n.equals(self) ? config.tokens() : tokensSeen.getOrDefault(n.id(), config.tokens());
    }

    /** Walks the ring once and makes what it found the view that places keys. */
    @Override
    public TokenRing renewPlacement() {
        if (!isMember()) {
            throw new LookupException("node " + self.name() + " is not a ring member yet");
        }
        return renewView();
    }

    private TokenRing renewView() {
        viewStale = false;
        Map<NodeRef, Integer> found = walk.members(state(), MAX_VIEW, tokensSeen);
        long now = System.currentTimeMillis();
        found.keySet().forEach(n -> seen.put(n.address(), now));
        TokenRing v = TokenRing.of(found);
        TokenRing old = view;
        view = v;
        if (old == null || !old.tokens().equals(v.tokens())) {
            layoutChangedAt = now;
            log.info("ring: node={} sees {} members, {} tokens", self.name(), v.size(),
                    v.tokens().values().stream().mapToInt(Integer::intValue).sum());
        }
        return v;
    }

    /** Renews the view soon, off the calling thread; one renewal at a time. */
    private void renewViewSoon() {
        if (viewRenewing.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    if (isMember()) {
                        renewView();
                    }
                } catch (RuntimeException e) {
                    log.debug("ring: node={} view renewal failed: {}", self.name(), e.toString());
                } finally {
                    viewRenewing.set(false);
                }
            });
        }
    }

    /** The periodic renewal the maintenance threads run. */
    public void renewViewIfMember() {
        if (isMember()) {
            renewView();
        }
    }

    // ---- maintenance -------------------------------------------------------------------

    /** Peers to ask besides the ones this node joined through, such as a ring created alone by the first node of a cluster. */
    public void addSeeds(Collection<Address> peers) {
        peers.stream().filter(a -> !a.equals(self.address())).forEach(seeds::add);
    }

    /**
     * Looks for another ring holding this node's part of the id space: asks one seed or one member
     * seen before that the current view lacks for this node's successor. A ring cut in two (a
     * network partition, or live nodes declared dead while overloaded) stabilizes into two rings
     * that each think they own every key, and stabilize alone never joins them. One answer from
     * the other side is enough: a closer successor there is adopted, and whichever node it names
     * is notified (taking this node as predecessor if it falls between), and stabilize zips the
     * two rings into one. Keys written on both sides are reconciled by repair, the higher version
     * winning. A seen member that has not been in a view for {@link #FORGET_AFTER_MS} is dropped.
     */
    public void heal() {
        if (!isMember()) {
            return;
        }
        long now = System.currentTimeMillis();
        seen.entrySet().removeIf(e -> now - e.getValue() > FORGET_AFTER_MS);
        // The members this node sees: its view, or (in a simulation, which places nothing) its neighbours.
        TokenRing v = view;
        Set<Address> inView = new HashSet<>();
        RingState st0 = state();
        st0.successors().forEach(n -> inView.add(n.address()));
        if (st0.predecessor() != null) {
            inView.add(st0.predecessor().address());
        }
        if (v != null) {
            v.tokens().keySet().forEach(n -> inView.add(n.address()));
        }
        List<Address> outside = new ArrayList<>(seeds);
        seen.keySet().forEach(a -> {
            if (!seeds.contains(a)) {
                outside.add(a);
            }
        });
        outside.removeIf(a -> a.equals(self.address()) || inView.contains(a));
        if (outside.isEmpty()) {
            return;
        }
        Address peer = outside.get(ThreadLocalRandom.current().nextInt(outside.size()));
        NodeRef found;
        try {
            found = router.route(new NodeRef(0, "peer", peer), self.id(), new LinkedHashSet<>(Set.of(self.id()))).node();
        } catch (PeerUnreachableException | RemoteException | LookupException e) {
            return; // down, or not a member (yet): asked again in a later round while remembered
        }
        NodeRef succ = successors.first();
        // The peer's ring agrees (it names our successor), or the answer is one we know: nothing to merge.
        if (found.id() == self.id() || (succ != null && found.id() == succ.id()) || inView.contains(found.address())) {
            return;
        }
        if (succ == null || RingInterval.inOpen(found.id(), self.id(), succ.id())) {
            RingState st = stateOrNull(found);
            if (st != null && st.member()) {
                log.info("ring: node={} learned of {} through {}: closer than its successor {} and outside its view (another ring, "
                        + "or this one still forming); taking it as successor", self.name(), found, peer, succ);
                setSuccessors(successors.merge(found, st.successors()));
            }
        } else {
            log.debug("ring: node={} found {} through {}, outside the members it sees: notifying it", self.name(), found, peer);
        }
        client.notifyAsync(found.address(), self);
        viewStale = true;
    }

    /** Checks the first successor, drops it if dead, adopts a closer live node, then notifies. */
    public void stabilize() {
        // One round at a time, and none while this node says goodbye (see leave).
        synchronized (stabilizing) {
            if (isMember()) {
                stabilizeRound();
            }
        }
    }

    private void stabilizeRound() {
        List<NodeRef> succs = new ArrayList<>(successors.list());
        Set<Long> dead = new HashSet<>();
        while (true) {
            NodeRef s = succs.isEmpty() ? fallbackSuccessor(dead) : succs.get(0);
            if (s == null) {
                setSuccessors(List.of());
                return;
            }
            RingState st = stateOrNull(s);
            if (st == null) {
                dead.add(s.id());
                fingers.drop(s.id());
                if (!succs.isEmpty()) {
                    succs.remove(0);
                }
                continue;
            }
            List<NodeRef> from = st.successors();
            List<NodeRef> list = successors.merge(s, from);
            NodeRef p = st.predecessor();
            if (p != null && p.id() != self.id() && !dead.contains(p.id()) && RingInterval.inOpen(p.id(), self.id(), s.id())) {
                RingState ps = stateOrNull(p);
                if (ps != null) {
                    from = ps.successors();
                    list = successors.merge(p, from);
                }
            }
            setSuccessors(extend(list, from));
            successors.adapt();
            client.notifyAsync(list.get(0).address(), self);
            return;
        }
    }

    /**
     * A list shorter than this node's length (its successor keeps a shorter one, as while the
     * ring grows) is filled from the last entry's successors, a request or two a round until full.
     * A list that already reaches round to this node holds the whole ring and asks nothing.
     */
    private List<NodeRef> extend(List<NodeRef> list, List<NodeRef> mergedFrom) {
        List<NodeRef> from = mergedFrom;
        for (int tries = 0; tries < 2 && list.size() < successors.capacity() && !reachesSelf(from); tries++) {
            RingState st = stateOrNull(list.get(list.size() - 1));
            if (st == null) {
                break;
            }
            from = st.successors();
            List<NodeRef> rest = new ArrayList<>(list.subList(1, list.size()));
            rest.addAll(from);
            List<NodeRef> longer = successors.merge(list.get(0), rest);
            if (longer.size() <= list.size()) {
                break;
            }
            list = longer;
        }
        return list;
    }

    private boolean reachesSelf(List<NodeRef> nodes) {
        return nodes.stream().anyMatch(n -> n.id() == self.id());
    }

    /** With every successor dead, the nearest live node we still know: predecessor or a finger. */
    private NodeRef fallbackSuccessor(Set<Long> dead) {
        List<NodeRef> known = new ArrayList<>(fingers.known());
        synchronized (this) {
            if (predecessor != null) {
                known.add(predecessor);
            }
        }
        known.removeIf(n -> n.id() == self.id() || dead.contains(n.id()));
        known.sort(Comparator.comparing(n -> RingInterval.distance(self.id(), n.id()), Long::compareUnsigned));
        for (NodeRef n : known) {
            if (client.ping(n.address())) {
                return n;
            }
            dead.add(n.id());
        }
        return null;
    }

    private RingState stateOrNull(NodeRef n) {
        RingState st = walk.stateOrNull(n);
        if (st == null) {
            log.debug("ring: node={} lost contact with {}", self.name(), n);
        }
        return st;
    }

    /** Refreshes one finger, and every following finger that the same node is the answer for. */
    public void fixNextFinger() {
        if (!isMember()) {
            return;
        }
        int i = fingers.nextToFix();
        fingers.fix(i, lookup(FingerTable.start(self.id(), i)).node());
    }

    /** Forgets the predecessor when it stops answering. */
    public void checkPredecessor() {
        NodeRef p;
        synchronized (this) {
            p = predecessor;
        }
        if (p != null && !client.ping(p.address()) && replacePredecessor(p, null)) {
            log.info("ring: node={} predecessor {} stopped answering", self.name(), p);
            fireChanged();
        }
    }

    /** Zave's rectify: take the notifier as predecessor if it is closer, or if ours is dead. */
    void rectify(NodeRef n) {
        NodeRef current;
        synchronized (this) {
            if (n.id() == self.id() || !member) {
                return;
            }
            current = predecessor;
            if (current == null || RingInterval.inOpen(n.id(), current.id(), self.id())) {
                predecessor = n;
            }
        }
        if (current == null || RingInterval.inOpen(n.id(), current.id(), self.id())) {
            fireChanged();
        } else if (current.id() != n.id()) {
            background.execute(() -> {
                if (!client.ping(current.address()) && replacePredecessor(current, n)) {
                    fireChanged();
                }
            });
        }
    }

    /** Sets the predecessor to {@code next} if it is still {@code expected}; true when it changed. */
    private synchronized boolean replacePredecessor(NodeRef expected, NodeRef next) {
        if (predecessor != expected) {
            return false;
        }
        predecessor = next;
        return true;
    }

    // ---- leaving -----------------------------------------------------------------------

    /**
     * Tells the predecessor and successor that this node leaves, so they link up at once. No
     * longer a member first, and only after a stabilize round in progress has ended: that round's
     * NOTIFY, arriving after the LEAVE, would make the successor take this node back as its
     * predecessor, and the ring would keep a node that is gone.
     */
    public void leave() {
        synchronized (this) {
            member = false;
        }
        synchronized (stabilizing) {
            // nothing: waiting for the round in progress, if any, is the point
        }
        RingState st = state();
        List<CompletableFuture<byte[]>> sent = new ArrayList<>();
        if (!st.successors().isEmpty()) {
            sent.add(client.leaveAsync(st.successor().address(), st));
        }
        if (st.predecessor() != null && !st.predecessor().equals(st.successor())) {
            sent.add(client.leaveAsync(st.predecessor().address(), st));
        }
        sent.forEach(f -> f.exceptionally(e -> null).join());
        log.info("ring: node={} left the ring", self.name());
    }

    private void onLeave(RingState leaver) {
        NodeRef gone = leaver.self();
        synchronized (this) {
            if (predecessor != null && predecessor.id() == gone.id()) {
                NodeRef p = leaver.predecessor();
                predecessor = p == null || p.id() == self.id() ? null : p;
            }
        }
        successors.spliceOut(leaver);
        fingers.drop(gone.id());
        log.info("ring: node={} was told {} is leaving", self.name(), leaver.self());
        fireChanged();
    }

    // ---- state helpers -----------------------------------------------------------------

    private void setSuccessors(List<NodeRef> list) {
        if (successors.set(list)) {
            log.debug("ring: node={} successors={}", self.name(), list);
            fireChanged();
        }
    }

    private void fireChanged() {
        RingState st = state();
        viewStale = true;
        for (RingListener l : listeners) {
            try {
                l.ringChanged(st);
            } catch (RuntimeException e) {
                log.warn("ring: node={} listener failed: {}", self.name(), e.toString(), e);
            }
        }
    }
}
