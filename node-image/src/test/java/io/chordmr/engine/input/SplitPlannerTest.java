package io.chordmr.engine.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitPlannerTest {

    @Test
    void filesAreCutIntoSplitsCoveringEveryByte() {
        List<InputSplit> splits = SplitPlanner.plan(List.of(new InputObject("a", 250, true, false), new InputObject("b", 100, true, false),
                new InputObject("c", 0, false, false)), 100);
        assertThat(splits).extracting(s -> s.url() + "@" + s.start() + "+" + s.length() + (s.whole() ? " whole" : ""))
                .containsExactly("a@0+100", "a@100+100", "a@200+50", "b@0+100 whole", "c@0+0 whole");
    }

    @Test
    void aFileWithoutRangesOrCompressedIsOneSplit() {
        List<InputSplit> splits = SplitPlanner.plan(List.of(new InputObject("plain", 1000, false, false),
                new InputObject("z.gz", 1000, true, true), new InputObject("unknown", -1, false, false)), 10);
        assertThat(splits).allMatch(InputSplit::whole).hasSize(3);
        assertThat(splits.get(1).gzip()).isTrue();
    }
}
