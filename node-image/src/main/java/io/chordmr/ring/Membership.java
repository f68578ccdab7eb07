package io.chordmr.ring;

/** What the store's repair needs of the ring besides routing: whether this node is in, its neighbours, and word of changes. */
public interface Membership extends KeyRouting {

    /** This node's predecessor and successor list. */
    RingState state();

    void addListener(RingListener listener);

    /** The members and their tokens that place keys now. */
    TokenRing placement();

    /** Walks the ring for the members now, as a repair round needs: a stale view could count a member that just left. */
    TokenRing renewPlacement();

    /** The tokens a member holds, as it last said. */
    int tokensOf(NodeRef n);
}
