package io.chordmr.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The finger table: finger {@code i} is the first member at or after {@code self + 2^i}, null
 * while unknown or when that member is this node. Fixed one entry per round, the paper's
 * fix_fingers; consecutive fingers that share an answer are set together.
 */
final class FingerTable {

    static final int ID_BITS = 64;

    private final long self;
    private final NodeRef[] fingers = new NodeRef[ID_BITS];
    private int next;

    FingerTable(long self) {
        this.self = self;
    }

    /** The id finger {@code i} starts at. */
    static long start(long self, int i) {
        return self + (1L << i);
    }

    /** The finger to fix in this round. */
    synchronized int nextToFix() {
        return next;
    }

    /** Sets finger {@code i} to {@code s}, and every following finger {@code s} also answers for; the next round fixes the one after. */
    synchronized void fix(int i, NodeRef s) {
        NodeRef value = s.id() == self ? null : s;
        int j = i;
        do {
            fingers[j++] = value;
        } while (j < ID_BITS && value != null && RingInterval.inOpenClosed(start(self, j), self, s.id()));
        next = j % ID_BITS;
    }

    synchronized NodeRef get(int i) {
        return fingers[i];
    }

    /** The known finger nearest after this node, skipping the avoided ids. */
    synchronized NodeRef nearest(Set<Long> avoid) {
        NodeRef best = null;
        for (NodeRef f : fingers) {
            if (f != null && !avoid.contains(f.id()) && (best == null || RingInterval.closer(self, f.id(), best.id()))) {
                best = f;
            }
        }
        return best;
    }

    /** Every known finger, in table order (with repeats). */
    synchronized List<NodeRef> known() {
        List<NodeRef> out = new ArrayList<>();
        for (NodeRef f : fingers) {
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** Forgets a member that stopped answering or left. */
    synchronized void drop(long id) {
        for (int i = 0; i < ID_BITS; i++) {
            if (fingers[i] != null && fingers[i].id() == id) {
                fingers[i] = null;
            }
        }
    }
}
