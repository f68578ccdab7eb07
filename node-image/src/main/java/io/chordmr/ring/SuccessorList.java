package io.chordmr.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * This node's successor list: the next {@code r} members clockwise, nearest first, never this
 * node itself. Replaced whole (stabilize copies its successor's list), so readers see a
 * consistent list without holding a lock.
 */
final class SuccessorList {

    private final long self;
    private final int least;
    private final int most;
    private volatile int length;
    private volatile List<NodeRef> list = List.of();

    /** A list of exactly {@code length} entries. */
    SuccessorList(long self, int length) {
        this(self, length, length);
    }

    /** A list of {@code least} entries, growing to at most {@code most} with the ring ({@link #adapt}). */
    SuccessorList(long self, int least, int most) {
        this.self = self;
        this.least = least;
        this.most = most;
        this.length = least;
    }

    /** The most entries the list holds now: the ring's {@code r}. */
    int capacity() {
        return length;
    }

    /**
     * Sets the capacity for the ring's size as the list shows it: k successors spanning a share d
     * of the id space put about k/d nodes on the ring (Chord's estimate; exact once the list holds
     * the whole ring), and a list of 2·⌈log2 N⌉ makes losing all of it at once, with half the nodes
     * failing, a chance of 1 in N². Grows at once; shrinks only when the estimate has fallen to a
     * quarter, so a ring near a power of two does not flap. The next stabilize fills the new length.
     */
    void adapt() {
        List<NodeRef> l = list;
        if (least == most || l.isEmpty()) {
            return;
        }
        double span = TokenRing.unsignedFraction(l.get(l.size() - 1).id() - self);
        double estimate = span <= 0 ? l.size() + 1 : l.size() / span;
        int target = wanted(estimate, least, most);
        if (target > length || target < length - 2) {
            length = target;
        }
    }

    /** 2·⌈log2 n⌉ within {@code [least, most]}. */
    static int wanted(double n, int least, int most) {
        int logN = (int) Math.ceil(Math.log(Math.max(2, n)) / Math.log(2));
        return Math.max(least, Math.min(most, 2 * logN));
    }

    List<NodeRef> list() {
        return list;
    }

    /** The first successor, or null when this node knows no other member. */
    NodeRef first() {
        List<NodeRef> l = list;
        return l.isEmpty() ? null : l.get(0);
    }

    boolean contains(long id) {
        return list.stream().anyMatch(n -> n.id() == id);
    }

    /** The nearest successor not avoided, or null. */
    NodeRef firstNotIn(Set<Long> avoid) {
        for (NodeRef s : list) {
            if (!avoid.contains(s.id())) {
                return s;
            }
        }
        return null;
    }

    /** Takes {@code s} and its successors as ours; true when the list changed. */
    boolean adopt(NodeRef s, List<NodeRef> theirs) {
        return set(merge(s, theirs));
    }

    synchronized boolean set(List<NodeRef> l) {
        List<NodeRef> copy = List.copyOf(l);
        boolean changed = !list.equals(copy);
        list = copy;
        return changed;
    }

    /** {@code s}, then {@code s}'s successors, up to {@code r} entries, stopping at this node and skipping repeats. */
    List<NodeRef> merge(NodeRef s, List<NodeRef> theirs) {
        List<NodeRef> out = new ArrayList<>(length);
        out.add(s);
        for (NodeRef n : theirs) {
            if (out.size() >= length || n.id() == self) {
                break;
            }
            if (out.stream().noneMatch(o -> o.id() == n.id())) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** A member leaves: the successors it reported take its place in our list. True when it was in the list. */
    synchronized boolean spliceOut(RingState leaver) {
        long gone = leaver.self().id();
        if (!contains(gone)) {
            return false;
        }
        List<NodeRef> rest = new ArrayList<>();
        for (NodeRef s : list) {
            if (s.id() == gone) {
                break;
            }
            rest.add(s);
        }
        rest.addAll(leaver.successors());
        rest.removeIf(n -> n.id() == gone || n.id() == self);
        list = rest.isEmpty() ? List.of() : merge(rest.get(0), rest.subList(1, rest.size()));
        return true;
    }
}
