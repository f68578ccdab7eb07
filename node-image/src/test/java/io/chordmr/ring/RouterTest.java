package io.chordmr.ring;

import static io.chordmr.ring.SuccessorListTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One routing step, from a node whose table is set by hand. */
class RouterTest {

    private final SuccessorList successors = new SuccessorList(100, 3);
    private final FingerTable fingers = new FingerTable(100);
    // localStep never calls a peer: no client needed
    private final Router router = new Router(at(100), successors, fingers, null, n -> { });

    RouterTest() {
        successors.set(List.of(at(200), at(300)));
        fingers.fix(10, at(1200));
        fingers.fix(12, at(5000));
    }

    @Test
    void aKeyUpToTheSuccessorIsAnsweredHere() {
        assertThat(router.localStep(150, Set.of())).isEqualTo(new RingClient.Step(true, at(200)));
        assertThat(router.localStep(200, Set.of())).isEqualTo(new RingClient.Step(true, at(200)));
    }

    @Test
    void aFartherKeyGoesToTheClosestPrecedingKnownNode() {
        assertThat(router.localStep(250, Set.of())).isEqualTo(new RingClient.Step(false, at(200)));
        assertThat(router.localStep(4000, Set.of())).isEqualTo(new RingClient.Step(false, at(1200)));
        assertThat(router.localStep(9000, Set.of())).isEqualTo(new RingClient.Step(false, at(5000)));
    }

    @Test
    void avoidedNodesAreRoutedAround() {
        assertThat(router.localStep(150, Set.of(200L))).as("the next successor owns it now").isEqualTo(new RingClient.Step(true, at(300)));
        assertThat(router.localStep(4000, Set.of(1200L))).isEqualTo(new RingClient.Step(false, at(300)));
    }

    @Test
    void aKeyBehindThisNodeWrapsAround() {
        assertThat(router.localStep(50, Set.of())).isEqualTo(new RingClient.Step(false, at(5000)));
    }

    @Test
    void aNodeThatKnowsNobodyOwnsEveryKey() {
        Router alone = new Router(at(100), new SuccessorList(100, 3), new FingerTable(100), null, n -> { });
        assertThat(alone.localStep(7, Set.of())).isEqualTo(new RingClient.Step(true, at(100)));
    }
}
