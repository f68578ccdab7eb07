package io.chordmr.ring;

/**
 * Told when this node's predecessor or successor list changes. Called on ring threads, which
 * must not block: a listener hands the work to its own executor.
 */
@FunctionalInterface
public interface RingListener {

    void ringChanged(RingState state);
}
