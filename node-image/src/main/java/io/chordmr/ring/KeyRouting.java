package io.chordmr.ring;

import java.util.List;
import java.util.Set;

/**
 * Where keys live, as the store sees the ring (the model is Voldemort's RoutingStrategy): a
 * key's preference list, and the members. The ring implements it with lookups; a test can place
 * keys on exactly the nodes it wants.
 */
public interface KeyRouting {

    /** This node. */
    NodeRef self();

    /**
     * The key's preference list: its successor followed by the next distinct members clockwise,
     * skipping the avoided ids. Replicas of the key live on the first entries.
     */
    List<NodeRef> preferenceList(long key, Set<Long> avoid);

    /** The members this node can see, in ring order starting with itself, at most {@code max}. */
    List<NodeRef> members(int max);
}
