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
        Warmup w = new Warmup(dir.resolve("warm-up"), 4);
        w.run();
        assertThat(w.finished()).isTrue();
        assertThat(dir.resolve("warm-up")).doesNotExist();
    }

    @Test
    void stopsAtOnceWhenARealAttemptArrivesAndLeavesNoFiles() throws Exception {
        Warmup w = new Warmup(dir.resolve("warm-up"), Integer.MAX_VALUE);
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
}
