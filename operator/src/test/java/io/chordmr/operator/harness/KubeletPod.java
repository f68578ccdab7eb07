package io.chordmr.operator.harness;

import io.chordmr.net.Address;

/** A pod's node as the {@link Kubelet} runs it: in this process, or in one of its own. */
interface KubeletPod {

    int httpPort();

    Address address();

    /** Ready: a member of the ring. */
    boolean member();

    /** The preStop hook: leave the ring gracefully, then stop. */
    void leave();

    /** Gone at once, as with {@code kill -9}. */
    void kill();
}
