package io.chordmr.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemorySizeTest {

    @Test
    void readsKubernetesQuantities() {
        assertThat(MemorySize.parse("x", "512Mi")).isEqualTo(512L * 1024 * 1024);
        assertThat(MemorySize.parse("x", "2Gi")).isEqualTo(2L << 30);
        assertThat(MemorySize.parse("x", "1G")).isEqualTo(1_000_000_000L);
        assertThat(MemorySize.parse("x", "64k")).isEqualTo(64_000L);
        assertThat(MemorySize.parse("x", " 4096 ")).isEqualTo(4096L);
    }

    @Test
    void refusesWhatIsNotASizeNamingTheField() {
        assertThatThrownBy(() -> MemorySize.parse("spec.taskHeap", "lots")).hasMessage("spec.taskHeap must be a size such as 512Mi or 2Gi, got 'lots'");
        assertThatThrownBy(() -> MemorySize.parse("--task-heap", "-1Mi")).hasMessageContaining("--task-heap");
        assertThatThrownBy(() -> MemorySize.parse("--task-heap", "1.5Gi")).hasMessageContaining("got '1.5Gi'");
        assertThatThrownBy(() -> MemorySize.parse("--task-heap", null)).hasMessageContaining("got 'null'");
        assertThatThrownBy(() -> MemorySize.parse("x", "999999999999999Ti")).hasMessageContaining("too large");
    }

    @Test
    void formatsInTheLargestBinaryUnitThatDivides() {
        assertThat(MemorySize.format(512L << 20)).isEqualTo("512Mi");
        assertThat(MemorySize.format(3L << 30)).isEqualTo("3Gi");
        assertThat(MemorySize.format(1536L << 20)).isEqualTo("1536Mi");
        assertThat(MemorySize.format(1000)).isEqualTo("1000");
        assertThat(MemorySize.parse("x", MemorySize.format(7L << 40))).isEqualTo(7L << 40);
    }
}
