package io.chordmr.ring;

import io.chordmr.net.Address;
import io.chordmr.net.BodyReader;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.RemoteException;
import io.chordmr.net.RequestException;
import io.chordmr.net.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Chord ring member, following Zave's corrected protocol: a successor list copied on join,
 * stabilize that drops dead successors and adopts a live predecessor of its successor, rectify
 * instead of notify, and routing over both fingers and the successor list. Lookups are
 * iterative: the asking node contacts each hop itself and routes around hops that do not answer.
 *
 * <p>Maintenance ({@link #stabilize()}, {@link #fixNextFinger()}, {@link #checkPredecessor()})
 * blocks on remote calls, so it runs on a maintenance thread ({@link RingMaintenance}) or, in a
 * simulation, on the driving thread. Request handlers never block.
 */
public final class ChordNode {

    private static final Logger log = LoggerFactory.getLogger(ChordNode.class);
    private static final int ID_BITS = 64;
    private static final int MAX_LOOKUP_STEPS = 256;

    private final NodeRef self;
    private final RingConfig config;
    private final RingClient client;
    private final Executor background;
    private final List<RingListener> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private NodeRef predecessor;
    private List<NodeRef> successors = List.of();
    private final NodeRef[] fingers = new NodeRef[ID_BITS];
    private int nextFinger;
    private boolean member;

    /**
     * @param background runs the short follow-up checks a request handler may not do itself
     */
    public ChordNode(NodeRef self, RingConfig config, Transport transport, Executor background) {
        this.self = self;
        this.config = config;
        this.client = new RingClient(transport, config.requestTimeout());
        this.background = background;
    }

    public void registerWith(Dispatcher dispatcher) {
        dispatcher.register(RingMessageType.PING, b -> CompletableFuture.completedFuture(new byte[0]))
                .register(RingMessageType.GET_STATE, b -> CompletableFuture.completedFuture(state().encode()))
                .register(RingMessageType.FIND_STEP, b -> CompletableFuture.completedFuture(onFindStep(b)))
                .register(RingMessageType.NOTIFY, b -> {
                    rectify(NodeRef.readFrom(new BodyReader(b)));
                    return CompletableFuture.completedFuture(new byte[0]);
                })
                .register(RingMessageType.LEAVE, b -> {
                    onLeave(RingState.decode(b));
                    return CompletableFuture.completedFuture(new byte[0]);
                });
    }

    public void addListener(RingListener l) {
        listeners.add(l);
    }

    public NodeRef self() {
        return self;
    }

    public RingConfig config() {
        return config;
    }

    public synchronized boolean isMember() {
        return member;
    }

    public synchronized RingState state() {
        return new RingState(self, member, predecessor, successors);
    }

    /** Starts a new ring with this node as its only member. */
    public void create() {
        synchronized (this) {
            member = true;
            successors = List.of();
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
                NodeRef s = route(new NodeRef(0, "peer", peer), self.id(), new LinkedHashSet<>(Set.of(self.id()))).node();
                RingState st = client.getState(s.address());
                synchronized (this) {
                    successors = merge(s, st.successors());
                    predecessor = null;
                    member = true;
                }
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
        return route(self, key, new LinkedHashSet<>(avoid));
    }

    private LookupResult route(NodeRef start, long key, Set<Long> avoid) {
        Deque<NodeRef> path = new ArrayDeque<>();
        NodeRef current = start;
        int hops = 0;
        for (int step = 0; step < MAX_LOOKUP_STEPS; step++) {
            RingClient.Step answer;
            if (current.equals(self)) {
                answer = localStep(key, avoid);
            } else {
                try {
                    hops++;
                    answer = client.findStep(current.address(), key, avoid);
                } catch (PeerUnreachableException | RemoteException e) {
                    if (path.isEmpty() && !start.equals(self)) {
                        throw e;
                    }
                    avoid.add(current.id());
                    forget(current);
                    current = path.isEmpty() ? self : path.pop();
                    continue;
                }
            }
            if (answer.done()) {
                return new LookupResult(answer.node(), hops);
            }
            path.push(current);
            current = answer.node();
        }
        throw new LookupException("lookup of " + NodeId.hex(key) + " from " + self.name()
                + " did not finish in " + MAX_LOOKUP_STEPS + " steps");
    }

    private byte[] onFindStep(byte[] body) {
        if (!isMember()) {
            throw new RequestException(ErrorCode.NOT_MEMBER, "node " + self.name() + " is not a ring member yet");
        }
        BodyReader r = new BodyReader(body);
        long key = r.readLong();
        int n = r.readInt();
        if (n < 0 || n > 4096) {
            throw new RequestException(ErrorCode.BAD_REQUEST, "avoid list length " + n + " is out of range");
        }
        Set<Long> avoid = new HashSet<>();
        for (int i = 0; i < n; i++) {
            avoid.add(r.readLong());
        }
        return RingClient.encodeStep(localStep(key, avoid));
    }

    /** One routing step here: the key's successor if it is ours to name, else a closer node. */
    synchronized RingClient.Step localStep(long key, Set<Long> avoid) {
        NodeRef succ = null;
        for (NodeRef s : successors) {
            if (!avoid.contains(s.id())) {
                succ = s;
                break;
            }
        }
        if (succ == null) {
            succ = nearestFinger(avoid);
        }
        if (succ == null || RingInterval.inOpenClosed(key, self.id(), succ.id())) {
            return new RingClient.Step(true, succ == null ? self : succ);
        }
        NodeRef next = closestPreceding(key, avoid);
        return next == null ? new RingClient.Step(true, succ) : new RingClient.Step(false, next);
    }

    private NodeRef closestPreceding(long key, Set<Long> avoid) {
        NodeRef best = null;
        for (NodeRef n : candidates()) {
            // The candidate farthest from us inside (self, key) is the closest to the key.
            if (!avoid.contains(n.id()) && RingInterval.inOpen(n.id(), self.id(), key)
                    && (best == null || RingInterval.closer(self.id(), best.id(), n.id()))) {
                best = n;
            }
        }
        return best;
    }

    private NodeRef nearestFinger(Set<Long> avoid) {
        NodeRef best = null;
        for (NodeRef f : fingers) {
            if (f != null && f.id() != self.id() && !avoid.contains(f.id())
                    && (best == null || RingInterval.closer(self.id(), f.id(), best.id()))) {
                best = f;
            }
        }
        return best;
    }

    private List<NodeRef> candidates() {
        List<NodeRef> all = new ArrayList<>(successors);
        for (NodeRef f : fingers) {
            if (f != null && f.id() != self.id()) {
                all.add(f);
            }
        }
        return all;
    }

    /**
     * The key's preference list: its successor followed by that node's successor list, skipping
     * the avoided ids. Replicas of the key live on the first entries of this list.
     */
    public List<NodeRef> preferenceList(long key, Set<Long> avoidIn) {
        Set<Long> avoid = new LinkedHashSet<>(avoidIn);
        for (int attempt = 0; attempt < config.successorListLength() + 2; attempt++) {
            NodeRef s = lookup(key, avoid).node();
            RingState st = s.equals(self) ? state() : stateOrNull(s);
            if (st == null) {
                avoid.add(s.id());
                continue;
            }
            List<NodeRef> out = new ArrayList<>();
            out.add(s);
            for (NodeRef n : st.successors()) {
                if (!avoid.contains(n.id()) && out.stream().noneMatch(o -> o.id() == n.id())) {
                    out.add(n);
                }
            }
            return out;
        }
        throw new LookupException("no live successor answered for key " + NodeId.hex(key));
    }

    /**
     * The members this node can see, found by walking successor lists once around the ring,
     * in ring order starting with this node. Nodes that do not answer are skipped.
     */
    public List<NodeRef> members(int max) {
        List<NodeRef> out = new ArrayList<>();
        out.add(self);
        Set<Long> seen = new HashSet<>(Set.of(self.id()));
        Deque<NodeRef> next = new ArrayDeque<>(state().successors());
        while (!next.isEmpty() && out.size() < max) {
            NodeRef n = next.poll();
            if (seen.contains(n.id())) {
                if (n.id() == self.id()) {
                    break;
                }
                continue;
            }
            RingState st = stateOrNull(n);
            if (st == null) {
                continue;
            }
            seen.add(n.id());
            out.add(n);
            next.clear();
            next.addAll(st.successors());
            next.add(self);
        }
        return out;
    }

    // ---- maintenance -------------------------------------------------------------------

    /** Checks the first successor, drops it if dead, adopts a closer live node, then notifies. */
    public void stabilize() {
        if (!isMember()) {
            return;
        }
        List<NodeRef> succs = new ArrayList<>(state().successors());
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
                forget(s);
                if (!succs.isEmpty()) {
                    succs.remove(0);
                }
                continue;
            }
            List<NodeRef> list = merge(s, st.successors());
            NodeRef p = st.predecessor();
            if (p != null && p.id() != self.id() && !dead.contains(p.id()) && RingInterval.inOpen(p.id(), self.id(), s.id())) {
                RingState ps = stateOrNull(p);
                if (ps != null) {
                    list = merge(p, ps.successors());
                }
            }
            setSuccessors(list);
            client.notifyAsync(list.get(0).address(), self);
            return;
        }
    }

    /** With every successor dead, the nearest live node we still know: predecessor or a finger. */
    private NodeRef fallbackSuccessor(Set<Long> dead) {
        List<NodeRef> known = new ArrayList<>();
        synchronized (this) {
            if (predecessor != null) {
                known.add(predecessor);
            }
            known.addAll(candidates());
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
        try {
            RingState st = client.getState(n.address());
            return st.member() ? st : null;
        } catch (PeerUnreachableException | RemoteException e) {
            log.debug("ring: node={} lost contact with {}: {}", self.name(), n, e.getMessage());
            return null;
        }
    }

    /** Refreshes one finger, and every following finger that the same node is the answer for. */
    public void fixNextFinger() {
        if (!isMember()) {
            return;
        }
        int i;
        synchronized (this) {
            i = nextFinger;
        }
        NodeRef s = lookup(self.id() + (1L << i)).node();
        synchronized (this) {
            NodeRef value = s.id() == self.id() ? null : s;
            int j = i;
            do {
                fingers[j++] = value;
            } while (j < ID_BITS && value != null && RingInterval.inOpenClosed(self.id() + (1L << j), self.id(), s.id()));
            nextFinger = j % ID_BITS;
        }
    }

    /** Forgets the predecessor when it stops answering. */
    public void checkPredecessor() {
        NodeRef p;
        synchronized (this) {
            p = predecessor;
        }
        if (p != null && !client.ping(p.address())) {
            boolean changed;
            synchronized (this) {
                changed = predecessor == p;
                if (changed) {
                    predecessor = null;
                }
            }
            if (changed) {
                log.info("ring: node={} predecessor {} stopped answering", self.name(), p);
                fireChanged();
            }
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
                if (!client.ping(current.address())) {
                    boolean changed;
                    synchronized (this) {
                        changed = predecessor == current;
                        if (changed) {
                            predecessor = n;
                        }
                    }
                    if (changed) {
                        fireChanged();
                    }
                }
            });
        }
    }

    // ---- leaving -----------------------------------------------------------------------

    /** Tells the predecessor and successor that this node leaves, so they link up at once. */
    public void leave() {
        RingState st = state();
        List<CompletableFuture<byte[]>> sent = new ArrayList<>();
        if (!st.successors().isEmpty()) {
            sent.add(client.leaveAsync(st.successor().address(), st));
        }
        if (st.predecessor() != null && !st.predecessor().equals(st.successor())) {
            sent.add(client.leaveAsync(st.predecessor().address(), st));
        }
        sent.forEach(f -> f.exceptionally(e -> null).join());
        synchronized (this) {
            member = false;
        }
        log.info("ring: node={} left the ring", self.name());
    }

    private void onLeave(RingState leaver) {
        synchronized (this) {
            NodeRef gone = leaver.self();
            if (predecessor != null && predecessor.id() == gone.id()) {
                NodeRef p = leaver.predecessor();
                predecessor = p == null || p.id() == self.id() ? null : p;
            }
            if (successors.stream().anyMatch(s -> s.id() == gone.id())) {
                List<NodeRef> rest = new ArrayList<>();
                for (NodeRef s : successors) {
                    if (s.id() == gone.id()) {
                        break;
                    }
                    rest.add(s);
                }
                rest.addAll(leaver.successors());
                successors = rest.isEmpty() ? List.of() : merge(rest.get(0), rest.subList(1, rest.size()));
            }
            dropFinger(gone.id());
        }
        log.info("ring: node={} was told {} is leaving", self.name(), leaver.self());
        fireChanged();
    }

    // ---- state helpers -----------------------------------------------------------------

    /** s, then s's successors up to r entries, stopping at this node and skipping repeats. */
    private List<NodeRef> merge(NodeRef s, List<NodeRef> theirs) {
        List<NodeRef> out = new ArrayList<>(config.successorListLength());
        out.add(s);
        for (NodeRef n : theirs) {
            if (out.size() >= config.successorListLength() || n.id() == self.id()) {
                break;
            }
            if (out.stream().noneMatch(o -> o.id() == n.id())) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    private void setSuccessors(List<NodeRef> list) {
        boolean changed;
        synchronized (this) {
            changed = !successors.equals(list);
            successors = List.copyOf(list);
        }
        if (changed) {
            log.debug("ring: node={} successors={}", self.name(), list);
            fireChanged();
        }
    }

    private void forget(NodeRef dead) {
        synchronized (this) {
            dropFinger(dead.id());
        }
    }

    private void dropFinger(long id) {
        for (int i = 0; i < ID_BITS; i++) {
            if (fingers[i] != null && fingers[i].id() == id) {
                fingers[i] = null;
            }
        }
    }

    private void fireChanged() {
        RingState st = state();
        for (RingListener l : listeners) {
            try {
                l.ringChanged(st);
            } catch (RuntimeException e) {
                log.warn("ring: node={} listener failed: {}", self.name(), e.toString(), e);
            }
        }
    }
}
