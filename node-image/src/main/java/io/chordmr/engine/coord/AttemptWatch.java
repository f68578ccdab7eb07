package io.chordmr.engine.coord;

import io.chordmr.engine.message.EngineMessages.MapOutputLocation;
import io.chordmr.net.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a job's running attempts and finished map outputs: an attempt not heard of for the
 * lost-after time, or on a node the ring no longer lists and that does not answer, is lost with
 * its node; one that reports no progress for the job's task time-out has failed; a finished map
 * whose node is gone has lost its output. Methods that change the task table run under the
 * coordinator's lock; the pings run outside it.
 */
final class AttemptWatch {

    private static final Logger log = LoggerFactory.getLogger(AttemptWatch.class);
    /** A node missing from the ring is not held against an attempt this young: the walk may predate it. */
    private static final long GRACE_MS = 1000;

    /** Whether a node answers a ping. */
    @FunctionalInterface
    interface Liveness {
        boolean answers(Address node);
    }

    /** What one check changed: how many attempts ended, and the job's failure if a task ran out of attempts. */
    record Expired(int attempts, String jobFailure) {
    }

    private final JobRecord job;
    private final long lostAfterMillis;
    private final Liveness liveness;
    private final Object lock;
    private final Map<String, Long> heard = new HashMap<>();
    private final Map<String, Long> progressed = new HashMap<>();
    private volatile Set<String> members = Set.of();
    /** Nodes running attempts that the ring no longer lists and that do not answer a ping. */
    private volatile Set<String> gone = Set.of();

    AttemptWatch(JobRecord job, long lostAfterMillis, Liveness liveness, Object lock) {
        this.job = job;
        this.lostAfterMillis = lostAfterMillis;
        this.liveness = liveness;
        this.lock = lock;
    }

    void started(TaskRecord t, AttemptRecord a, long now) {
        heard.put(key(t, a), now);
        progressed.put(key(t, a), now);
    }

    void heard(TaskRecord t, AttemptRecord a, double progress, long now) {
        heard.put(key(t, a), now);
        if (progress > a.progress) {
            a.progress = progress;
            progressed.put(key(t, a), now);
        }
    }

    void ended(TaskRecord t, AttemptRecord a) {
        heard.remove(key(t, a));
        progressed.remove(key(t, a));
    }

    /** Takes the ring's member list and pings the nodes of running attempts that it misses. */
    void refresh(Set<String> ringMembers) {
        members = Set.copyOf(ringMembers);
        if (members.isEmpty()) {
            gone = Set.of();
            return;
        }
        Map<String, Address> suspects = new HashMap<>();
        synchronized (lock) {
            for (TaskRecord t : job.tasks()) {
                for (AttemptRecord a : t.attempts) {
                    if (a.active() && !members.contains(a.node)) {
                        suspects.put(a.node, new Address(a.host, a.port));
                    }
                }
            }
        }
        Set<String> confirmed = new HashSet<>();
        suspects.forEach((node, address) -> {
            if (!liveness.answers(address)) {
                confirmed.add(node);
            }
        });
        gone = confirmed;
    }

    /** Ends the attempts that are lost or stalled. */
    Expired expire(long now) {
        int ended = 0;
        int maxAttempts = job.spec.maxAttemptsOrDefault();
        for (TaskRecord t : job.tasks()) {
            for (AttemptRecord a : List.copyOf(t.attempts)) {
                if (!a.active()) {
                    continue;
                }
                String k = key(t, a);
                boolean exhausted;
                if ((gone.contains(a.node) && now - a.startMillis > GRACE_MS) || now - heard.getOrDefault(k, now) > lostAfterMillis) {
                    log.info("engine: job={} task={} attempt={} lost with node={}", job.id, t.id, a.n, a.node);
                    exhausted = t.lose(a, "node " + a.node + " was lost", maxAttempts, now);
                    if (exhausted) {
                        return new Expired(ended + 1, "task " + t.id + " lost its node on " + t.lostInARow + " attempts in a row; last: "
                                + a.error);
                    }
                } else if (now - progressed.getOrDefault(k, now) > job.spec.taskTimeoutSecondsOrDefault() * 1000L) {
                    log.info("engine: job={} task={} attempt={} on node={} timed out", job.id, t.id, a.n, a.node);
                    String error = "no progress for " + job.spec.taskTimeoutSecondsOrDefault() + " s; attempt killed";
                    if (t.fail(a, error, maxAttempts, now)) {
                        return new Expired(ended + 1, "task " + t.id + " failed " + t.failures + " times; last error: " + error);
                    }
                } else {
                    continue;
                }
                ended(t, a);
                ended++;
            }
        }
        return new Expired(ended, null);
    }

    /** Finished maps whose node the ring no longer lists and that does not answer: their output is gone. */
    List<TaskRecord> lostOutputs() {
        if (members.isEmpty()) {
            return List.of();
        }
        List<TaskRecord> suspects = new ArrayList<>();
        synchronized (lock) {
            for (TaskRecord m : job.maps) {
                if (m.succeeded() && m.mapOutput != null && !members.contains(m.mapOutput.node())) {
                    suspects.add(m);
                }
            }
        }
        return suspects.stream().filter(m -> outputGone(m)).toList();
    }

    /** True when the node serving the map's output does not answer. */
    boolean outputGone(TaskRecord m) {
        MapOutputLocation out = m.mapOutput;
        return out != null && !liveness.answers(new Address(out.host(), out.port()));
    }

    private static String key(TaskRecord t, AttemptRecord a) {
        return t.id + "/" + a.n;
    }
}
