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

    /** Whether this node is in the ring: joined and not left. */
    boolean isMember();

    /**
     * The key's preference list: its successor followed by the next distinct members clockwise,
     * skipping the avoided ids. Replicas of the key live on the first entries.
     */
    List<NodeRef> preferenceList(long key, Set<Long> avoid);

    /**
     * Where the key lived with one position a member, as before virtual nodes: reads look there
     * for data written under that layout that repair has not moved yet.
     */
    default List<NodeRef> formerPreferenceList(long key) {
        return List.of();
    }

    /**
     * When this node's view of the members and their tokens last changed (wall-clock milliseconds),
     * 0 when it never has: while repair catches up with a change, a key can sit on a node that is in
     * neither its preference list nor its former one.
     */
    default long layoutChangedAtMillis() {
        return 0;
    }

    /** The members this node can see, in ring order starting with itself, at most {@code max}. */
    List<NodeRef> members(int max);
}
