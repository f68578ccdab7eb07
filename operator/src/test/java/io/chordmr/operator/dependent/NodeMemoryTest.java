package io.chordmr.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

class NodeMemoryTest {

    private static ResourceRequirements limits(String memory, String cpu) {
        ResourceRequirementsBuilder b = new ResourceRequirementsBuilder().addToLimits("memory", new Quantity(memory));
        if (cpu != null) {
            b.addToLimits("cpu", new Quantity(cpu));
        }
        return b.build();
    }

    private static long total(NodeMemory m, int slots) {
        return m.nodeHeapBytes() + NodeMemory.NODE_OVERHEAD + (slots + 1L) * (m.taskHeapBytes() + NodeMemory.TASK_OVERHEAD);
    }

    @Test
    void theExampleClustersGigabyteIsSharedByTheNodeAndTwoTaskProcesses() {
        NodeMemory m = NodeMemory.of(limits("1Gi", null), 0);
        assertThat(m.nodeHeapBytes()).isEqualTo(256L << 20);
        assertThat(m.taskHeapBytes()).isEqualTo(192L << 20);
        assertThat(m.args()).containsExactly("--task-heap", "192Mi", "--max-task-heap", "192Mi");
        assertThat(m.javaToolOptions()).isEqualTo("-Xmx256m");
    }

    @Test
    void everySplitFitsInItsLimit() {
        for (String memory : new String[] {"768Mi", "1Gi", "3Gi", "8Gi", "64Gi"}) {
            for (int slots = 1; slots <= 16; slots *= 2) {
                NodeMemory m = NodeMemory.of(limits(memory, null), slots);
                long limit = Quantity.getAmountInBytes(new Quantity(memory)).longValue();
                if (m.taskHeapBytes() > NodeMemory.MIN_TASK_HEAP) {
                    assertThat(total(m, slots)).as("%s with %d slots", memory, slots).isLessThanOrEqualTo(limit);
                }
                assertThat(m.nodeHeapBytes()).isBetween(128L << 20, 1L << 30);
            }
        }
    }

    @Test
    void slotsFollowTheCpuLimitWhenTheSpecLeavesThemToTheNode() {
        assertThat(NodeMemory.slots(limits("4Gi", "2500m"), 0)).isEqualTo(3);
        assertThat(NodeMemory.slots(limits("4Gi", "2500m"), 2)).isEqualTo(2);
        assertThat(NodeMemory.slots(limits("4Gi", null), 0)).isEqualTo(1);
    }

    @Test
    void withoutAMemoryLimitTheNodesDefaultsStand() {
        assertThat(NodeMemory.of(null, 2)).isNull();
        assertThat(NodeMemory.of(new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("1Gi")).build(), 2)).isNull();
    }
}
