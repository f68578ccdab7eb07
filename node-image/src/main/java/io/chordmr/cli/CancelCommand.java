package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.client.JobStatus;
import io.chordmr.logging.LoggingOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Cancels a job. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running job; its temporary data is removed.")
final class CancelCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        JobStatus s = client.client().cancel(id).orElse(null);
        if (s == null) {
            System.err.println("chordmr cancel: no job with id '" + id + "'");
            return 1;
        }
        System.out.println(id + " " + s.state().label().toLowerCase());
        return 0;
    }
}
