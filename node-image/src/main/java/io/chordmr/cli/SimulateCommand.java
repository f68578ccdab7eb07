package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import io.chordmr.ring.BalanceSimulation;
import io.chordmr.ring.RingConfig;
import io.chordmr.ring.RingSimulation;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures Chord routing in memory: hops against ½·log2 N, and lookups after mass failure. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate rings of many nodes in memory; print lookup hops and success after failures.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", description = "Ring sizes (default ${DEFAULT-VALUE}).")
    List<Integer> sizes = List.of(64, 128, 256, 512, 1024, 2048, 4096);

    @Option(names = "--fail", description = "Share of nodes that fail at once (default ${DEFAULT-VALUE}).")
    double fail = 0.2;

    @Option(names = "--lookups", description = "Lookups per measurement (default ${DEFAULT-VALUE}).")
    int lookups = 10_000;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--balance", description = "Print how evenly rings of pods named ring-0, ring-1, ... spread stored bytes "
            + "(RF 3), for 1 to 128 positions a node, instead of the routing figures.")
    boolean balance;

    @Option(names = "--balance-sizes", split = ",", description = "Ring sizes for --balance (default ${DEFAULT-VALUE}).")
    List<Integer> balanceSizes = List.of(3, 5, 10, 20, 50, 100);

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() {
        logging.apply(Level.WARN);
        if (balance) {
            return balance();
        }
        System.out.printf("%6s %10s %10s %12s %14s %12s%n", "N", "mean hops", "½·log2 N", "success", "after fail", "mean hops");
        for (int n : sizes) {
            RingSimulation sim = new RingSimulation(seed, RingConfig.DEFAULTS);
            sim.grow(n);
            RingSimulation.LookupStats before = sim.lookups(lookups);
            sim.fail(fail);
            sim.stabilizeUntilConverged(1000);
            RingSimulation.LookupStats after = sim.lookups(lookups);
            System.out.printf("%6d %10.2f %10.2f %11.2f%% %13.2f%% %12.2f%n", n, before.meanHops(),
                    0.5 * Math.log(n) / Math.log(2), 100 * before.successShare(), 100 * after.successShare(), after.meanHops());
        }
        return 0;
    }

    private int balance() {
        int[] positions = {1, 8, 16, 32, 64, 128};
        System.out.println("stored bytes of the busiest node / the mean, RF 3, pods ring-0 ... ring-(N-1), by positions per node");
        System.out.printf("%6s", "N");
        for (int v : positions) {
            System.out.printf(" %8s", v);
        }
        System.out.println();
        for (int n : balanceSizes) {
            System.out.printf("%6d", n);
            for (int v : positions) {
                System.out.printf(" %8.2f", BalanceSimulation.of("ring-", n, v, 3).maxOverMean());
            }
            System.out.println();
        }
        return 0;
    }
}
