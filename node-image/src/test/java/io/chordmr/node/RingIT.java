package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RingIT {

    @Test
    void fiveNodesOnLoopbackConvergeAndAgreeOnEveryLookup() {
        try (TestRing ring = new TestRing().start(5)) {
            List<NodeRef> sorted = ring.nodes().stream().map(ChordMrNode::self)
                    .sorted(Comparator.comparing(NodeRef::id, Long::compareUnsigned)).toList();
            Random random = new Random(5);
            for (int i = 0; i < 200; i++) {
                long key = random.nextLong();
                NodeRef expected = sorted.stream().filter(n -> Long.compareUnsigned(n.id(), key) >= 0).findFirst()
                        .orElse(sorted.get(0));
                for (ChordMrNode n : ring.nodes()) {
                    assertThat(n.ring().lookup(key).node()).as("lookup of %s from %s", NodeId.hex(key), n.self()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void ringHealsAfterAMemberDiesAndAnotherLeavesGracefully() {
        try (TestRing ring = new TestRing().start(5)) {
            ring.kill("node-2");
            ring.awaitConverged();
            ring.node("node-3").leave();
            ring.nodes().remove(ring.node("node-3"));
            ring.kill("node-3");
            ring.awaitConverged();
            assertThat(ring.nodes()).hasSize(3);
            assertThat(ring.any().ring().members(100)).hasSize(3);
        }
    }
}
