package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.chordmr.engine.message.JobStatus;
import io.chordmr.logging.LoggingOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Shows one job's status, or every job. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job's status, or list every job when no ID is given.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        NodeHttpClient http = client.client();
        if (id == null) {
            System.out.printf("%-32s %-10s %-7s %8s %9s %9s%n", "ID", "STATE", "PHASE", "PROGRESS", "MAPS", "REDUCES");
            for (JsonNode j : http.getJson("/jobs").get("jobs")) {
                JobStatus s = http.as(j, JobStatus.class);
                System.out.printf("%-32s %-10s %-7s %7.1f%% %9s %9s%n", s.id(), s.state(), s.phase(), s.percent(),
                        s.maps().succeeded() + "/" + s.maps().total(), s.reduces().succeeded() + "/" + s.reduces().total());
            }
            return 0;
        }
        JobStatus s = http.as(http.getJson("/jobs/" + id), JobStatus.class);
        System.out.println(JobProgress.describe(s));
        JobResults.printCounters(s, System.out);
        if (s.error() != null) {
            System.out.println("error: " + s.error());
        }
        return 0;
    }
}
