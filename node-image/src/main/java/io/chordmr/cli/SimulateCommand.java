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

    @Option(names = "--successors", paramLabel = "auto|R", description = "Successor-list length: auto (the default, as nodes run: "
            + "2·⌈log2 N⌉ between 4 and 64) or a fixed number.")
    String successors = "auto";

    @Option(names = "--churn", paramLabel = "R", description = "Instead of mass failure: R joins and R failures a second per 1,000 nodes "
            + "while lookups run, on a ring of each --sizes; prints lookup success and hops over time.")
    Double churn;

    @Option(names = "--seconds", description = "Simulated seconds of churn (default ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(names = "--stabilize-per-second", description = "Stabilize rounds per node per simulated second under churn (default "
            + "${DEFAULT-VALUE}; a node runs ten at the default 100 ms interval).")
    int stabilizePerSecond = 1;

    @Option(names = "--fingers-per-second", description = "Fingers each node refreshes per simulated second under churn (default "
            + "${DEFAULT-VALUE}).")
    int fingersPerSecond = 10;

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
        RingConfig config = NodeCommand.successors(RingConfig.DEFAULTS, successors);
        if (churn != null) {
            return churn(config);
        }
        System.out.printf("%6s %10s %10s %12s %11s %14s %10s %10s %12s %10s %10s %14s %10s%n", "N", "mean hops", "½·log2 N", "success",
                "successors", "after fail", "mean hops", "time-outs", "1 s later", "mean hops", "time-outs", "fingers fixed", "mean hops");
        for (int n : sizes) {
            RingSimulation sim = new RingSimulation(seed, config);
            sim.grow(n);
            RingSimulation.LookupStats before = sim.lookups(lookups);
            int listLength = sim.nodes().get(0).successorListLength();
            sim.fail(fail);
            sim.stabilizeUntilConverged(1000);
            RingSimulation.LookupStats after = sim.lookups(lookups);
            // A real node fixes ten fingers a second: the ring one second after stabilization.
            sim.fixFingers(10);
            RingSimulation.LookupStats second = sim.lookups(lookups);
            sim.fixAllFingers();
            RingSimulation.LookupStats fixed = sim.lookups(lookups);
            System.out.printf("%6d %10.2f %10.2f %11.2f%% %11d %13.2f%% %10.2f %10.2f %11.2f%% %10.2f %10.2f %13.2f%% %10.2f%n", n,
                    before.meanHops(), 0.5 * Math.log(n) / Math.log(2), 100 * before.successShare(), listLength, 100 * after.successShare(),
                    after.meanHops(), after.meanTimeouts(), 100 * second.successShare(), second.meanHops(), second.meanTimeouts(),
                    100 * fixed.successShare(), fixed.meanHops());
        }
        return 0;
    }

    private int churn(RingConfig config) {
        for (int n : sizes) {
            RingSimulation sim = new RingSimulation(seed, config);
            sim.grow(n);
            System.out.printf("N = %d, %.2f joins and %.2f failures a second per 1,000 nodes, %d stabilize and %d finger fixes a node a "
                    + "second, %d lookups a second%n", n, churn, churn, stabilizePerSecond, fingersPerSecond, lookups);
            System.out.printf("%8s %7s %6s %6s %10s %10s %10s %10s%n", "seconds", "N", "joins", "fails", "success", "mean hops", "time-outs",
                    "½·log2 N+1");
            List<RingSimulation.ChurnSecond> run = sim.churn(new RingSimulation.ChurnSettings(churn, seconds, stabilizePerSecond,
                    fingersPerSecond, lookups));
            int window = Math.max(1, seconds / 12);
            long asked = 0;
            long right = 0;
            double worst = 1;
            for (int from = 0; from < run.size(); from += window) {
                List<RingSimulation.ChurnSecond> w = run.subList(from, Math.min(run.size(), from + window));
                int joins = w.stream().mapToInt(RingSimulation.ChurnSecond::joins).sum();
                int fails = w.stream().mapToInt(RingSimulation.ChurnSecond::failures).sum();
                long a = w.stream().mapToLong(x -> x.lookups().lookups()).sum();
                long r = w.stream().mapToLong(x -> x.lookups().correct()).sum();
                double hops = w.stream().mapToDouble(x -> x.lookups().meanHops() * x.lookups().lookups()).sum() / Math.max(1, a);
                double timeouts = w.stream().mapToDouble(x -> x.lookups().meanTimeouts() * x.lookups().lookups()).sum() / Math.max(1, a);
                int size = w.get(w.size() - 1).size();
                asked += a;
                right += r;
                worst = Math.min(worst, (double) r / Math.max(1, a));
                System.out.printf("%3d-%-4d %7d %6d %6d %9.2f%% %10.2f %10.2f %10.2f%n", w.get(0).second() - 1, w.get(w.size() - 1).second(),
                        size, joins, fails, 100.0 * r / Math.max(1, a), hops, timeouts, 0.5 * Math.log(size) / Math.log(2) + 1);
            }
            System.out.printf("all: %.2f%% of %d lookups right, the worst window %.2f%%%n%n", 100.0 * right / Math.max(1, asked), asked,
                    100 * worst);
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
