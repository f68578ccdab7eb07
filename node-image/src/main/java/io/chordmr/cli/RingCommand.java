package io.chordmr.cli;

import io.chordmr.client.RingView;
import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the ring's members as a table. */
@Command(name = "ring", mixinStandardHelpOptions = true,
        description = "Show the ring's members, their id ranges, chunk counts and replication health.")
final class RingCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        RingView ring = client.client().ring();
        System.out.printf("%-16s %-22s %-35s %6s %6s %8s %12s %s%n", "NAME", "ADDRESS", "ID RANGE (start, end]", "TOKENS", "OWNS",
                "KEYS", "BYTES", "UNDER-REPLICATED");
        for (RingView.Member m : ring.members()) {
            System.out.printf("%-16s %-22s %-35s %6d %5.1f%% %8s %12s %s%n", m.name(), m.address(), m.rangeStart() + ".." + m.rangeEnd(),
                    m.tokens(), 100 * m.primaryShare(), m.keys() == null ? "?" : m.keys(), m.bytes() == null ? "?" : m.bytes(),
                    m.underReplicated() != null ? m.underReplicated() : m.error() != null ? m.error() : "unreachable");
        }
        int under = ring.underReplicated();
        System.out.printf("%d members, replication %d, successor list %d; %s%n", ring.size(), ring.replication(), ring.successorListLength(),
                under == 0 ? "every key fully replicated" : under + " keys under-replicated");
        if (ring.warning() != null) {
            System.out.println("warning: " + ring.warning());
        }
        return 0;
    }
}
