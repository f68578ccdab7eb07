package io.chordmr.examples;

import io.chordmr.api.Partitioner;
import io.chordmr.api.TaskContext;
import java.util.Arrays;

/**
 * Partitions keys by range, so that partition i holds only keys below those of partition i+1 and
 * the parts concatenated are sorted. Split points come from {@code config.boundaries}
 * (comma-separated, ascending, one fewer than the partitions); without them keys are spread by
 * their first character.
 */
public class RangePartitioner implements Partitioner<String> {

    private String[] boundaries;

    @Override
    public void setup(TaskContext context) {
        String b = context.config("boundaries");
        boundaries = b == null || b.isBlank() ? null : b.split(",");
    }

    @Override
    public int partition(String key, int partitions) {
        if (boundaries != null) {
            int i = Arrays.binarySearch(boundaries, key);
            int p = i >= 0 ? i + 1 : -i - 1;
            return Math.min(p, partitions - 1);
        }
        int first = key.isEmpty() ? 0 : Math.min(key.codePointAt(0), 0x7f);
        return first * partitions / 0x80;
    }
}
