package io.chordmr.cli;

import io.chordmr.node.ChordMrNode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waiting for an in-process ring to form. */
final class LocalRing {

    private LocalRing() {
    }

    /** Blocks until every node sees {@code n} members, or fails after a minute. */
    static void awaitMembers(List<ChordMrNode> ring, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (ring.stream().allMatch(x -> x.ring().isMember() && x.ring().members(n + 1).size() == n)) {
                return;
            }
            // A CLI wait loop, not a test: poll the condition every 20 ms.
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("the local ring of " + n + " nodes did not form within a minute");
    }
}
