package io.chordmr.operator.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.examples.WordCountMapper;
import java.util.concurrent.CancellationException;

/**
 * Word count whose maps, while the gate is held, stop at the {@value #HOLD_AT}th line of their
 * split: a test holds a job mid-run (every running map part done, reporting progress), acts
 * (scales, kills, restarts, deletes) and then opens the gate. A re-run attempt stops at the same
 * line, so work lost and re-done while held changes nothing. The nodes run in the test's JVM, so
 * they share the gate.
 */
public class GatedWordCountMapper extends WordCountMapper {

    public static final int HOLD_AT = 10;
    private static final Object GATE = new Object();
    private static boolean held;

    private int lines;

    public static void hold() {
        synchronized (GATE) {
            held = true;
        }
    }

    /** Lets every map go on, also maps still blocked on nodes an earlier test killed. */
    public static void open() {
        synchronized (GATE) {
            held = false;
            GATE.notifyAll();
        }
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        if (++lines == HOLD_AT) {
            synchronized (GATE) {
                while (held) {
                    try {
                        GATE.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CancellationException("killed while held at the gate");
                    }
                }
            }
        }
        super.map(offset, line, out);
    }
}
