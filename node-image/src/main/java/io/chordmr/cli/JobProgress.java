package io.chordmr.cli;

import io.chordmr.client.JobStatus;
import java.io.PrintStream;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a job's progress until it ends: a live bar on a terminal, plain lines otherwise (one per
 * change, at most one a second).
 */
final class JobProgress {

    private JobProgress() {
    }

    /** Polls {@code status} until the job ends, and returns its last status. */
    static JobStatus follow(Supplier<JobStatus> status, PrintStream err) throws InterruptedException {
        boolean terminal = System.console() != null;
        ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("job").setInitialMax(1000)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(100).continuousUpdate().build() : null;
        String lastLine = "";
        long lastPrint = 0;
        try {
            while (true) {
                JobStatus s = status.get();
                if (s != null && (s.terminal() || s.maps().total() + s.reduces().total() > 0)) {
                    String line = describe(s);
                    if (bar != null) {
                        bar.stepTo((long) (s.percent() * 10));
                        bar.setExtraMessage(line);
                    } else if (!line.equals(lastLine) && (s.terminal() || System.currentTimeMillis() - lastPrint >= 1000)) {
                        err.println(line);
                        lastLine = line;
                        lastPrint = System.currentTimeMillis();
                    }
                    if (s.terminal()) {
                        return s;
                    }
                }
                Thread.sleep(s == null || s.percent() < 100 ? POLL_MILLIS : 20);
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** A command-line poll of the job's status, not a test: twenty times a second is plenty. */
    static final long POLL_MILLIS = 50;

    static String describe(JobStatus s) {
        return String.format("%s %5.1f%%  maps %d/%d  reduces %d/%d%s", s.state(), s.percent(), s.maps().succeeded(), s.maps().total(),
                s.reduces().succeeded(), s.reduces().total(), s.maps().running() + s.reduces().running() > 0
                        ? "  (" + (s.maps().running() + s.reduces().running()) + " running)" : "");
    }
}
