package io.chordmr.engine.coord;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.net.Address;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttemptWatchTest {

    private static final long LOST_AFTER = 10_000;

    private final Set<Address> dead = new HashSet<>();
    private final JobRecord job = Tables.job(2, 1, false);
    private final AttemptWatch watch = new AttemptWatch(job, LOST_AFTER, node -> !dead.contains(node), this);

    private AttemptRecord start(TaskRecord t, String node, int port, long now) {
        AttemptRecord a = t.launch(node, "127.0.0.1", port, 1, now);
        watch.started(t, a, now);
        return a;
    }

    @Test
    void anAttemptNotHeardOfForTheLostAfterTimeIsLostWithItsNode() {
        TaskRecord t = job.maps.get(0);
        AttemptRecord a = start(t, "a", 1, 0);
        assertThat(watch.expire(LOST_AFTER).attempts()).isZero();
        AttemptWatch.Expired e = watch.expire(LOST_AFTER + 1);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.jobFailure()).isNull();
        assertThat(a.state).isEqualTo(AttemptState.KILLED);
        assertThat(a.error).isEqualTo("node a was lost");
        assertThat(t.state).as("back in the queue").isEqualTo(TaskState.PENDING);
        assertThat(t.failures).as("a lost node is not the task's fault").isZero();
    }

    @Test
    void hearingFromAnAttemptKeepsItAliveButOnlyProgressResetsItsTimeOut() {
        TaskRecord t = job.maps.get(0);
        AttemptRecord a = start(t, "a", 1, 0);
        // progress at 5 s, then reports every 5 s that do not move it
        for (long now = 5_000; now <= 65_000; now += 5_000) {
            watch.heard(t, a, 0.1, now);
        }
        assertThat(watch.expire(65_000).attempts()).isZero();
        watch.heard(t, a, 0.1, 65_001);
        assertThat(watch.expire(65_001).attempts()).as("heard, but no progress for 60 s").isEqualTo(1);
        assertThat(a.state).isEqualTo(AttemptState.FAILED);
        assertThat(a.error).isEqualTo("no progress for 60 s; attempt killed");
        assertThat(t.failures).isEqualTo(1);
    }

    @Test
    void aNodeMissingFromTheRingIsLostOnlyIfItDoesNotAnswer() {
        TaskRecord t = job.maps.get(0);
        AttemptRecord a = start(t, "a", 1, 0);
        watch.refresh(Set.of("b"));
        assertThat(watch.expire(5_000).attempts()).as("a answers its ping: the walk was stale").isZero();
        dead.add(new Address("127.0.0.1", 1));
        watch.refresh(Set.of("b"));
        assertThat(watch.expire(5_000).attempts()).isEqualTo(1);
        assertThat(a.state).isEqualTo(AttemptState.KILLED);
    }

    @Test
    void aTaskWhoseEveryAttemptLosesItsNodeFailsTheJob() {
        TaskRecord t = job.maps.get(0);
        long now = 0;
        AttemptWatch.Expired e = null;
        for (int i = 0; i < 3; i++) {
            start(t, "n" + i, 1, now);
            now += LOST_AFTER + 1;
            e = watch.expire(now);
        }
        assertThat(e.jobFailure()).isEqualTo("task m-00000 lost its node on 3 attempts in a row; last: node n2 was lost");
        assertThat(t.state).isEqualTo(TaskState.FAILED);
    }

    @Test
    void aFinishedMapsOutputIsLostWhenItsNodeLeftAndDoesNotAnswer() {
        TaskRecord m0 = job.maps.get(0);
        TaskRecord m1 = job.maps.get(1);
        Tables.finish(m0, "a", 0, 10);
        Tables.finish(m1, "b", 0, 10);
        watch.refresh(Set.of("b", "c"));
        assertThat(watch.lostOutputs()).as("a still answers").isEmpty();
        dead.add(new Address("127.0.0.1", 1));
        assertThat(watch.lostOutputs()).as("b is a member, so its output is not even checked").containsExactly(m0);
    }
}
