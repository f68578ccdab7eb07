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
    private final int length;
    private volatile List<NodeRef> list = List.of();

    SuccessorList(long self, int length) {
        this.self = self;
        this.length = length;
    }

    /** The most entries the list holds: the ring's {@code r}. */
    int capacity() {
        return length;
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
