package io.chordmr.operator.dependent;

import io.chordmr.manifest.MemorySize;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * How a node pod's memory limit is shared: the node's own heap (ring, store, shuffle), a JVM's
 * overhead for it, and slots + 1 task processes (one per slot, one more while one is replaced),
 * each with its heap and its own overhead. Without a memory limit the node's defaults stand.
 *
 * <pre>
 * limit = nodeHeap + NODE_OVERHEAD + (slots + 1) × (taskHeap + TASK_OVERHEAD)
 * nodeHeap = limit / 4, between 128Mi and 1Gi
 * </pre>
 *
 * @param nodeHeapBytes the node JVM's -Xmx
 * @param taskHeapBytes each task process's heap, which is also the most a job may ask for
 */
public record NodeMemory(long nodeHeapBytes, long taskHeapBytes) {

    public static final long NODE_OVERHEAD = 192L << 20;
    public static final long TASK_OVERHEAD = 96L << 20;
    public static final long MIN_TASK_HEAP = 64L << 20;

    /** The split of the pod's memory limit, or null when it has none. */
    public static NodeMemory of(ResourceRequirements resources, int slots) {
        Quantity limit = resources == null || resources.getLimits() == null ? null : resources.getLimits().get("memory");
        if (limit == null) {
            return null;
        }
        long bytes = Quantity.getAmountInBytes(limit).longValue();
        long node = Math.max(128L << 20, Math.min(1L << 30, bytes / 4));
        long perTask = (bytes - node - NODE_OVERHEAD) / (slots(resources, slots) + 1) - TASK_OVERHEAD;
        return new NodeMemory(node, Math.max(MIN_TASK_HEAP, perTask >> 20 << 20));
    }

    /** The spec's slots, or one per whole CPU of the limit (at least one) when the node would count cores. */
    static int slots(ResourceRequirements resources, int slots) {
        if (slots > 0) {
            return slots;
        }
        Quantity cpu = resources.getLimits().get("cpu");
        return cpu == null ? 1 : Math.max(1, (int) Math.ceil(Quantity.getAmountInBytes(cpu).doubleValue()));
    }

    /** The node's flags for its task processes. */
    List<String> args() {
        String heap = MemorySize.format(taskHeapBytes);
        return List.of("--task-heap", heap, "--max-task-heap", heap);
    }

    /** The node JVM's own heap, through the environment so that both images' entry points take it. */
    String javaToolOptions() {
        return "-Xmx" + (nodeHeapBytes >> 20) + "m";
    }
}
