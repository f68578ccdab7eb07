package io.chordmr.ring;

import static io.chordmr.ring.SuccessorListTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerTableTest {

    private final FingerTable table = new FingerTable(0);

    @Test
    void oneAnswerFillsEveryFingerItIsTheSuccessorFor() {
        // fingers start at 1, 2, 4, ... 512 are all in (0, 1000]; 1024 is past it
        table.fix(0, at(1000));
        for (int i = 0; i <= 9; i++) {
            assertThat(table.get(i)).as("finger %d", i).isEqualTo(at(1000));
        }
        assertThat(table.get(10)).isNull();
        assertThat(table.nextToFix()).isEqualTo(10);
    }

    @Test
    void anAnswerThatIsThisNodeLeavesTheFingerEmpty() {
        table.fix(63, at(0));
        assertThat(table.get(63)).isNull();
        assertThat(table.nextToFix()).as("wraps to the first finger").isZero();
    }

    @Test
    void theNearestFingerSkipsAvoidedAndDroppedNodes() {
        table.fix(20, at(1L << 21));
        table.fix(30, at(1L << 31));
        table.fix(10, at(1L << 11));
        assertThat(table.nearest(Set.of())).isEqualTo(at(1L << 11));
        assertThat(table.nearest(Set.of(1L << 11))).isEqualTo(at(1L << 21));
        table.drop(1L << 21);
        assertThat(table.nearest(Set.of(1L << 11))).isEqualTo(at(1L << 31));
        assertThat(table.known()).doesNotContain(at(1L << 21));
    }

    @Test
    void fingerStartsWrapAroundTheIdSpace() {
        assertThat(FingerTable.start(-1L, 0)).isZero();
        assertThat(FingerTable.start(0, 63)).isEqualTo(Long.MIN_VALUE);
    }
}
