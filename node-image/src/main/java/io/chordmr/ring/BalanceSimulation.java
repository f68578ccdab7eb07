package io.chordmr.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How evenly a ring spreads stored bytes, computed from its members' positions: every key range
 * between two positions is held by the member at its end and the next distinct members clockwise,
 * {@code replication} of them, so a member's share of the bytes is the sum of the ranges it holds.
 * Keys are SHA-1 hashes, spread evenly, so a range's length stands for its bytes. Members may have
 * several positions each (virtual nodes, as Dynamo and Cassandra place them), named {@code
 * name#v}; with one position a member sits at the hash of its name, as Chord places it.
 */
public final class BalanceSimulation {

    /** The members' shares of stored bytes, relative to the mean. */
    public record Balance(int members, int positionsEach, int replication, double maxOverMean, double minOverMean) {
    }

    private BalanceSimulation() {
    }

    /** Members named {@code prefix0 … prefix(n-1)}, as a StatefulSet names its pods. */
    public static Balance of(String prefix, int n, int positionsEach, int replication) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + i);
        }
        return of(names, positionsEach, replication);
    }

    public static Balance of(List<String> names, int positionsEach, int replication) {
        int n = names.size();
        int total = n * positionsEach;
        long[] position = new long[total];
        int[] owner = new int[total];
        Integer[] order = new Integer[total];
        for (int m = 0; m < n; m++) {
            long[] mine = TokenRing.positions(names.get(m), positionsEach);
            for (int v = 0; v < positionsEach; v++) {
                int i = m * positionsEach + v;
                position[i] = mine[v];
                owner[i] = m;
                order[i] = i;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(position[a], position[b]));
        int copies = Math.min(replication, n);
        double[] share = new double[n];
        for (int k = 0; k < total; k++) {
            int at = order[k];
            // The range (previous position, this one], as a fraction of the ring (2^64 wraps to 0).
            long prev = position[order[(k - 1 + total) % total]];
            double range = total == 1 ? 1.0 : TokenRing.unsignedFraction(position[at] - prev);
            boolean[] holds = new boolean[n];
            int found = 0;
            for (int j = 0; found < copies; j++) {
                int m = owner[order[(k + j) % total]];
                if (!holds[m]) {
                    holds[m] = true;
                    share[m] += range;
                    found++;
                }
            }
        }
        double mean = Arrays.stream(share).sum() / n;
        return new Balance(n, positionsEach, copies, Arrays.stream(share).max().orElse(0) / mean,
                Arrays.stream(share).min().orElse(0) / mean);
    }
}
