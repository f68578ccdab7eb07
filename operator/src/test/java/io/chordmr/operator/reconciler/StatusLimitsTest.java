package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLimitsTest {

    private static int bytes(List<String> lines) {
        return lines.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    @Test
    void aPreviewKeepsTwentyShortLinesWhole() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("word" + i + "\t" + i);
        }
        assertThat(StatusLimits.preview(lines)).isEqualTo(lines.subList(0, 20));
    }

    @Test
    void aPreviewStopsAtFourKibibytesCuttingTheLineThatReachesThem() {
        List<String> lines = List.of("a".repeat(1000), "b".repeat(1000), "c".repeat(1000), "d".repeat(1000), "e".repeat(1000), "f");
        List<String> p = StatusLimits.preview(lines);
        assertThat(p).hasSize(5);
        assertThat(p.subList(0, 4)).isEqualTo(lines.subList(0, 4));
        assertThat(p.get(4)).startsWith("eee").endsWith("…");
        assertThat(bytes(p)).isEqualTo(StatusLimits.PREVIEW_BYTES);
    }

    @Test
    void aCutNeverSplitsACharacter() {
        // 3-byte characters: 4096 bytes cannot be filled exactly, and no half character may remain.
        List<String> p = StatusLimits.preview(List.of("€".repeat(5000)));
        assertThat(bytes(p)).isLessThanOrEqualTo(StatusLimits.PREVIEW_BYTES).isGreaterThan(StatusLimits.PREVIEW_BYTES - 6);
        assertThat(new String(p.get(0).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(p.get(0));
        assertThat(p.get(0).replace("€", "")).isEqualTo("…");
    }

    @Test
    void aShortMessageStaysAndALongOneIsCut() {
        assertThat(StatusLimits.message("fine")).isEqualTo("fine");
        assertThat(StatusLimits.message(null)).isNull();
        assertThat(StatusLimits.message("y".repeat(5000))).hasSize(StatusLimits.MESSAGE_CHARS).endsWith("…");
    }
}
