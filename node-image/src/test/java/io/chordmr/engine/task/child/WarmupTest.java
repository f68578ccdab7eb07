package io.chordmr.engine.task.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task process's warm-up: it runs the real map and reduce path to the end, or stops at once for a real attempt. */
class WarmupTest {

    @TempDir
    Path dir;

    @Test
    void runsItsMapsAndReducesToTheEndAndLeavesNoFiles() {
        Warmup w = new Warmup(dir.resolve("warm-up"), 4, false);
        w.run();
        assertThat(w.finished()).isTrue();
        assertThat(dir.resolve("warm-up")).doesNotExist();
    }

    @Test
    void stopsAtOnceWhenARealAttemptArrivesAndLeavesNoFiles() throws Exception {
        Warmup w = new Warmup(dir.resolve("warm-up"), Integer.MAX_VALUE, false);
        Thread t = new Thread(w, "warm-up");
        t.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("warm-up").resolve("map-0")));
        w.stop();
        t.join(Duration.ofSeconds(30).toMillis());
        assertThat(t.isAlive()).as("the warm-up thread, 30 s after stop()").isFalse();
        assertThat(w.finished()).isFalse();
        assertThat(dir.resolve("warm-up")).doesNotExist();
    }

    @Test
    void itsTextHasTheRequestedSizeInWholeLinesOfWords() {
        byte[] text = Warmup.corpus(100_000, new java.util.SplittableRandom(1));
        assertThat(text.length).isBetween(100_000, 100_000 + 256);
        assertThat(text[text.length - 1]).isEqualTo((byte) '\n');
        String s = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(s.split("\n")).allSatisfy(line -> assertThat(line.split(" ")).hasSizeBetween(5, 20));
    }

    /** The JIT counts as settled after two stretches in a row in which its threads were idle for all but a twentieth. */
    @Test
    void theJitSettlesAfterTwoQuietStretchesInARow() {
        long[] now = {0};
        long[] jit = {0};
        Warmup.Settling s = new Warmup.Settling(() -> jit[0], () -> now[0], 100);
        now[0] = 50; // within the first stretch: not yet judged
        assertThat(s.quiet()).isFalse();
        now[0] = 100;
        jit[0] = 10; // busy: 10 of 100
        assertThat(s.quiet()).isFalse();
        now[0] = 200;
        jit[0] = 14; // quiet: 4 of 100
        assertThat(s.quiet()).isFalse();
        now[0] = 300;
        jit[0] = 20; // busy again (6 of 100): the count starts over
        assertThat(s.quiet()).isFalse();
        now[0] = 400;
        jit[0] = 24;
        assertThat(s.quiet()).isFalse();
        now[0] = 500;
        jit[0] = 28;
        assertThat(s.quiet()).isTrue();
        now[0] = 550; // a call within a stretch keeps the verdict
        assertThat(s.quiet()).isTrue();
    }

    @Test
    void itsWordsShareTheirFirstBytesAsRealWordsDoSoTheTablesTieBreakingSortRuns() {
        byte[] text = Warmup.corpus(1 << 20, new java.util.SplittableRandom(7));
        java.util.Map<String, java.util.Set<String>> byPrefix = new java.util.HashMap<>();
        for (String w : new String(text, java.nio.charset.StandardCharsets.US_ASCII).split("[ \n]")) {
            if (w.length() >= 6) {
                byPrefix.computeIfAbsent(w.substring(0, 6), k -> new java.util.HashSet<>()).add(w);
            }
        }
        long distinct = byPrefix.values().stream().mapToLong(java.util.Set::size).sum();
        long tied = byPrefix.values().stream().filter(v -> v.size() > 1).mapToLong(java.util.Set::size).sum();
        assertThat(distinct).as("distinct words of 6 letters or more").isGreaterThan(10_000);
        assertThat(tied).as("of those, words sharing their first 6 letters with another").isGreaterThan(distinct / 10);
    }
}
