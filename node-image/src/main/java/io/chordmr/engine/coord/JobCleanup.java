package io.chordmr.engine.coord;

import io.chordmr.engine.context.EngineContext;
import io.chordmr.client.JobState;
import io.chordmr.engine.output.OutputCommitter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what an ended job no longer needs: map outputs on every member, output chunks no
 * commit names (all of them when the job did not succeed), and an input it stored itself.
 */
final class JobCleanup implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobCleanup.class);

    private final EngineContext ctx;
    private final JobRecord job;
    private final Object lock;
    private final JobAnnouncer announcer;
    private final OutputCommitter committer;

    JobCleanup(EngineContext ctx, JobRecord job, Object lock, JobAnnouncer announcer, OutputCommitter committer) {
        this.ctx = ctx;
        this.job = job;
        this.lock = lock;
        this.announcer = announcer;
        this.committer = committer;
    }

    @Override
    public void run() {
        announcer.cleanUp();
        List<OutputCommitter.Partition> committed;
        List<String> discarded;
        synchronized (lock) {
            committed = job.state == JobState.SUCCEEDED ? JobRecords.partitions(job) : List.of();
            discarded = List.copyOf(job.discardedKeys);
        }
        committer.cleanUp(committed, discarded);
        if (job.inputIsTemporary) {
            try {
                ctx.datasets().delete(job.inputDataset);
            } catch (RuntimeException e) {
                log.debug("engine: job={} could not delete its temporary input: {}", job.id, e.toString());
            }
        }
    }
}
