package io.chordmr.cli;

import io.chordmr.client.NodeApi;
import ch.qos.logback.classic.Level;
import io.chordmr.client.JobStatus;
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
        NodeApi api = client.client();
        if (id == null) {
            System.out.printf("%-32s %-10s %-7s %8s %9s %9s%n", "ID", "STATE", "PHASE", "PROGRESS", "MAPS", "REDUCES");
            for (JobStatus s : api.jobs()) {
                System.out.printf("%-32s %-10s %-7s %7.1f%% %9s %9s%n", s.id(), s.state(), s.phase(), s.percent(),
                        s.maps().succeeded() + "/" + s.maps().total(), s.reduces().succeeded() + "/" + s.reduces().total());
            }
            return 0;
        }
        JobStatus s = api.job(id).orElse(null);
        if (s == null) {
            System.err.println("chordmr status: no job with id '" + id + "'");
            return 1;
        }
        System.out.println(JobProgress.describe(s));
        JobResults.printCounters(s, System.out);
        if (s.error() != null) {
            System.out.println("error: " + s.error());
        }
        return 0;
    }
}
