package io.chordmr.ring;

/** What the store's repair needs of the ring besides routing: whether this node is in, its neighbours, and word of changes. */
public interface Membership extends KeyRouting {

    boolean isMember();

    /** This node's predecessor and successor list. */
    RingState state();

    void addListener(RingListener listener);
}
