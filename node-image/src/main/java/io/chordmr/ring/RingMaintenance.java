package io.chordmr.ring;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the paper's periodic jobs for one node: stabilize, fix one finger, check the
 * predecessor, renew the view of the members that places keys, and look for another ring to
 * merge with. Three threads, so a slow lookup in fix-finger or a slow walk never delays stabilize.
 */
public final class RingMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RingMaintenance.class);

    private final ScheduledExecutorService scheduler;

    public RingMaintenance(String nodeName) {
        this.scheduler = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "ring-" + nodeName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules the periodic jobs of {@code node}. */
    public void start(RingMember node) {
        String name = node.self().name();
        RingConfig c = node.config();
        scheduler.scheduleWithFixedDelay(guarded(name, "stabilize", node::stabilize), 0,
                c.stabilizeInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded(name, "fix-finger", node::fixNextFinger),
                c.fixFingerInterval().toMillis(), c.fixFingerInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded(name, "check-predecessor", node::checkPredecessor),
                c.checkPredecessorInterval().toMillis(), c.checkPredecessorInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded(name, "renew-view", node::renewViewIfMember),
                c.viewInterval().toMillis(), c.viewInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded(name, "heal", node::heal),
                c.healInterval().toMillis(), c.healInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The executor for short follow-up work the node's handlers hand off. */
    public ScheduledExecutorService executor() {
        return scheduler;
    }

    // A periodic task that throws is never run again, so every failure is caught and logged here.
    private static Runnable guarded(String node, String task, Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.debug("ring: node={} {} failed: {}", node, task, e.toString());
            }
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
