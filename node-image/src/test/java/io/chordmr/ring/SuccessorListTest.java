package io.chordmr.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.net.Address;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuccessorListTest {

    static NodeRef at(long id) {
        return new NodeRef(id, "n" + id, new Address("127.0.0.1", (int) (1000 + id % 1000)));
    }

    private final SuccessorList list = new SuccessorList(0, 3);

    @Test
    void mergeKeepsRDistinctEntriesAndStopsAtThisNode() {
        assertThat(list.merge(at(10), List.of(at(20), at(20), at(30), at(40)))).containsExactly(at(10), at(20), at(30));
        assertThat(list.merge(at(10), List.of(at(20), at(0), at(30)))).as("wrapped around to us").containsExactly(at(10), at(20));
    }

    @Test
    void settingSaysWhetherAnythingChanged() {
        assertThat(list.adopt(at(10), List.of(at(20)))).isTrue();
        assertThat(list.adopt(at(10), List.of(at(20)))).isFalse();
        assertThat(list.first()).isEqualTo(at(10));
        assertThat(list.contains(20)).isTrue();
        assertThat(list.firstNotIn(Set.of(10L))).isEqualTo(at(20));
        assertThat(list.firstNotIn(Set.of(10L, 20L))).isNull();
    }

    @Test
    void aLeaverIsReplacedByTheSuccessorsItReported() {
        list.set(List.of(at(10), at(20), at(30)));
        assertThat(list.spliceOut(new RingState(at(20), true, at(10), List.of(at(30), at(40), at(50)), 1))).isTrue();
        assertThat(list.list()).containsExactly(at(10), at(30), at(40));
        assertThat(list.spliceOut(new RingState(at(99), true, null, List.of(at(5)), 1))).as("not ours").isFalse();
        assertThat(list.list()).containsExactly(at(10), at(30), at(40));
    }

    @Test
    void theOnlySuccessorLeavingLeavesWhatItKnew() {
        list.set(List.of(at(10)));
        list.spliceOut(new RingState(at(10), true, at(0), List.of(at(0)), 1));
        assertThat(list.list()).as("it only knew us").isEmpty();
        assertThat(list.first()).isNull();
    }
}
