package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Asks a node to hand off its data and leave the ring: the pod's preStop hook. */
@Command(name = "leave", mixinStandardHelpOptions = true,
        description = "Make a node hand its keys to their other replicas and leave the ring; it keeps running until stopped. "
                + "Kubernetes runs this as the node pod's preStop hook.")
final class LeaveCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        System.out.println(client.client().leave() + " left the ring");
        return 0;
    }
}
