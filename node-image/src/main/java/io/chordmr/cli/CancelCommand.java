package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.engine.message.JobStatus;
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
        NodeHttpClient http = client.client();
        JobStatus s = http.as(http.delete("/jobs/" + id), JobStatus.class);
        System.out.println(id + " " + s.state().label().toLowerCase());
        return 0;
    }
}
