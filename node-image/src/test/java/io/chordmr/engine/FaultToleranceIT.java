package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.client.JobPhase;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.manifest.JobSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes die mid-job (sockets and threads closed in-process); the result is still exact. */
class FaultToleranceIT {

    private static final byte[] CORPUS = Jobs.zipfCorpus(7, 3 << 20, 30_000);
    private static final Map<String, Long> EXPECTED = Jobs.countWords(CORPUS);

    private static JobSpec slowJob(long mapSleepMs, long reduceSleepMs) {
        JobSpec s = Jobs.spec("corpus", "io.chordmr.engine.testjobs.SlowMapper", "io.chordmr.examples.SumReducer",
                "io.chordmr.engine.testjobs.SlowSumReducer", 4);
        s.getConfig().put("mapSleepMs", String.valueOf(mapSleepMs));
        s.getConfig().put("reduceSleepMs", String.valueOf(reduceSleepMs));
        return s;
    }

    private static TestRing ringWithCorpus() throws Exception {
        TestRing ring = new TestRing().start(5);
        ring.any().datasets().put("corpus", new ByteArrayInputStream(CORPUS), Split.bytes(96 << 10), false);
        return ring;
    }

    /** A live node that is neither the coordinator nor {@code spare}, and is running an attempt. */
    private static ChordMrNode busyWorker(TestRing ring, String coordinator) {
        return ring.nodes().stream().filter(n -> !n.self().name().equals(coordinator) && n.engine().worker().runningAttempts() > 0)
                .findFirst().orElse(null);
    }

    private static ChordMrNode survivor(TestRing ring, String... not) {
        return ring.nodes().stream().filter(n -> !java.util.List.of(not).contains(n.self().name())).findFirst().orElseThrow();
    }

    private static void assertExact(ChordMrNode via, String id) throws Exception {
        JobStatus s = Jobs.awaitEnd(via, id, Duration.ofSeconds(180));
        assertThat(s.error()).isNull();
        assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Jobs.counts(Jobs.outputLines(via, s.outputDataset()))).isEqualTo(EXPECTED);
        assertThat(s.outputRecords()).isEqualTo(EXPECTED.size());
    }

    @Test
    void workerKilledInTheMapPhase() throws Exception {
        try (TestRing ring = ringWithCorpus()) {
            ChordMrNode client = ring.any();
            client.engine().jobs().submit("map-kill", "map-kill", slowJob(30, 0));
            ChordMrNode[] victim = new ChordMrNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                JobStatus s = client.engine().jobs().status("map-kill");
                victim[0] = s == null || s.maps().succeeded() < 2 ? null : busyWorker(ring, s.coordinator());
                return victim[0] != null && s.phase() == JobPhase.MAP;
            });
            ring.kill(victim[0].self().name());
            assertExact(survivor(ring, victim[0].self().name()), "map-kill");
        }
    }

    @Test
    void workerKilledInTheReducePhase() throws Exception {
        try (TestRing ring = ringWithCorpus()) {
            ChordMrNode client = ring.any();
            client.engine().jobs().submit("reduce-kill", "reduce-kill", slowJob(0, 300));
            ChordMrNode[] victim = new ChordMrNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                JobStatus s = client.engine().jobs().status("reduce-kill");
                victim[0] = s == null || s.phase() != JobPhase.REDUCE ? null : busyWorker(ring, s.coordinator());
                return victim[0] != null;
            });
            String name = victim[0].self().name();
            ring.kill(name);
            assertExact(survivor(ring, name), "reduce-kill");
        }
    }

    @Test
    void coordinatorKilledMidJobIsReplacedByTheNextOwner() throws Exception {
        try (TestRing ring = ringWithCorpus()) {
            ChordMrNode client = ring.any();
            client.engine().jobs().submit("coord-kill", "coord-kill", slowJob(30, 100));
            String[] coordinator = new String[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                JobStatus s = client.engine().jobs().status("coord-kill");
                coordinator[0] = s == null ? null : s.coordinator();
                return s != null && s.maps().succeeded() >= 3 && s.phase() == JobPhase.MAP;
            });
            ring.kill(coordinator[0]);
            ChordMrNode via = survivor(ring, coordinator[0]);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JobStatus s = via.engine().jobs().status("coord-kill");
                return s != null && s.coordinator() != null && !s.coordinator().equals(coordinator[0]);
            });
            assertExact(via, "coord-kill");
        }
    }

    @Test
    void aTaskThatLosesItsNodeOnEveryAttemptFailsTheJobInsteadOfLooping() throws Exception {
        try (TestRing ring = new TestRing().start(5)) {
            // The job's coordinator runs no tasks, so each attempt's node can die without it.
            String owner = ring.any().store().replicaSet("job/loses-nodes").get(0).name();
            ring.kill(owner);
            ring.startNode(owner, c -> c.withEngine(c.engine().withSlots(0)));
            ring.awaitConverged();
            ring.any().datasets().put("hang", new ByteArrayInputStream("one line\nHANG here\n".getBytes()), Split.DEFAULT, false);
            JobSpec spec = Jobs.spec("hang", "io.chordmr.engine.testjobs.HangingMapper", null, "io.chordmr.examples.SumReducer", 1);
            spec.setMaxAttempts(2);
            spec.setSpeculative(false);
            ring.node(owner).engine().jobs().submit("loses-nodes", "loses-nodes", spec);
            for (int round = 0; round < 2; round++) {
                ChordMrNode[] victim = new ChordMrNode[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    victim[0] = ring.nodes().stream().filter(n -> n.engine().worker().runningAttempts() > 0).findFirst().orElse(null);
                    return victim[0] != null;
                });
                ring.kill(victim[0].self().name());
            }
            JobStatus s = Jobs.awaitEnd(ring.node(owner), "loses-nodes", Duration.ofSeconds(120));
            assertThat(s.state()).isEqualTo(JobState.FAILED);
            assertThat(s.error()).contains("task m-00000 lost its node on 2 attempts in a row");
            assertThat(s.counters().get("failedAttempts")).isZero();
        }
    }
}
