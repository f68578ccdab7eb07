package io.chordmr.ring;

import io.chordmr.net.BodyReader;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.RemoteException;
import io.chordmr.net.RequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Iterative Chord lookups: the asking node contacts each hop itself, asking it for one step
 * (the key's successor if that hop can name it, else a node closer to the key), and backs up
 * past hops that do not answer, avoiding them for the rest of the lookup.
 */
final class Router {

    static final int MAX_LOOKUP_STEPS = 256;
    private static final int MAX_AVOID = 4096;

    private final NodeRef self;
    private final SuccessorList successors;
    private final FingerTable fingers;
    private final RingClient client;
    private final Consumer<NodeRef> unreachable;

    /** @param unreachable told of every hop that did not answer, so the table forgets it */
    Router(NodeRef self, SuccessorList successors, FingerTable fingers, RingClient client, Consumer<NodeRef> unreachable) {
        this.self = self;
        this.successors = successors;
        this.fingers = fingers;
        this.client = client;
        this.unreachable = unreachable;
    }

    /** Routes from {@code start} (this node, or a peer when joining) to the key's successor. */
    LookupResult route(NodeRef start, long key, Set<Long> avoid) {
        Deque<NodeRef> path = new ArrayDeque<>();
        NodeRef current = start;
        int hops = 0;
        int timeouts = 0;
        for (int step = 0; step < MAX_LOOKUP_STEPS; step++) {
            RingClient.Step answer;
            if (current.equals(self)) {
                answer = localStep(key, avoid);
            } else {
                try {
                    answer = client.findStep(current.address(), key, avoid);
                    hops++;
                } catch (PeerUnreachableException | RemoteException e) {
                    timeouts++;
                    if (path.isEmpty() && !start.equals(self)) {
                        throw e;
                    }
                    avoid.add(current.id());
                    unreachable.accept(current);
                    current = path.isEmpty() ? self : path.pop();
                    continue;
                }
            }
            if (answer.done()) {
                return new LookupResult(answer.node(), hops, timeouts);
            }
            path.push(current);
            current = answer.node();
        }
        throw new LookupException("lookup of " + NodeId.hex(key) + " from " + self.name() + " did not finish in " + MAX_LOOKUP_STEPS
                + " steps");
    }

    /** One routing step here: the key's successor if it is ours to name, else a closer node. */
    RingClient.Step localStep(long key, Set<Long> avoid) {
        NodeRef succ = successors.firstNotIn(avoid);
        if (succ == null) {
            succ = fingers.nearest(avoid);
        }
        if (succ == null || RingInterval.inOpenClosed(key, self.id(), succ.id())) {
            return new RingClient.Step(true, succ == null ? self : succ);
        }
        NodeRef next = closestPreceding(key, avoid);
        return next == null ? new RingClient.Step(true, succ) : new RingClient.Step(false, next);
    }

    /** A peer's FIND_STEP: the key and the ids it avoids. */
    byte[] onFindStep(byte[] body) {
        BodyReader r = new BodyReader(body);
        long key = r.readLong();
        int n = r.readInt();
        if (n < 0 || n > MAX_AVOID) {
            throw new RequestException(ErrorCode.BAD_REQUEST, "avoid list length " + n + " is out of range");
        }
        Set<Long> avoid = new HashSet<>();
        for (int i = 0; i < n; i++) {
            avoid.add(r.readLong());
        }
        return RingClient.encodeStep(localStep(key, avoid));
    }

    /** The known member farthest from us inside (self, key): the closest to the key. */
    private NodeRef closestPreceding(long key, Set<Long> avoid) {
        List<NodeRef> candidates = new ArrayList<>(successors.list());
        candidates.addAll(fingers.known());
        NodeRef best = null;
        for (NodeRef n : candidates) {
            if (!avoid.contains(n.id()) && RingInterval.inOpen(n.id(), self.id(), key)
                    && (best == null || RingInterval.closer(self.id(), best.id(), n.id()))) {
                best = n;
            }
        }
        return best;
    }
}
