package io.chordmr.engine.coord;

import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.message.EngineMessageType;
import io.chordmr.engine.message.EngineMessages.JobAnnounce;
import io.chordmr.engine.message.EngineMessages.JobControl;
import io.chordmr.engine.message.EngineMessages.JobOp;
import io.chordmr.ring.NodeRef;

/** Tells every member where a job is coordinated, that it ended, and that its map outputs can go. */
final class JobAnnouncer {

    private final EngineContext ctx;
    private final String jobId;

    JobAnnouncer(EngineContext ctx, String jobId) {
        this.ctx = ctx;
        this.jobId = jobId;
    }

    /** The job runs here: idle workers ask this node for its tasks. Repeated, for members that join later. */
    void running() {
        announce(false);
    }

    /** The job ended: workers stop its attempts and stop asking. */
    void ended() {
        announce(true);
    }

    /** Every member removes the job's map outputs and scratch files. */
    void cleanUp() {
        for (NodeRef n : ctx.ring().members(EngineContext.MAX_MEMBERS)) {
            ctx.send(n.address(), EngineMessageType.JOB_CLEANUP, new JobControl(JobOp.CLEANUP, jobId)).exceptionally(e -> null);
        }
    }

    private void announce(boolean ended) {
        JobAnnounce a = new JobAnnounce(jobId, ctx.self().name(), ctx.self().address().host(), ctx.self().address().port(), ended);
        for (NodeRef n : ctx.ring().members(EngineContext.MAX_MEMBERS)) {
            ctx.send(n.address(), EngineMessageType.JOB_ANNOUNCE, a).exceptionally(e -> null);
        }
    }
}
