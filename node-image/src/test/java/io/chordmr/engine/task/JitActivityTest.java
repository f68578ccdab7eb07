package io.chordmr.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class JitActivityTest {

    /** A thread's name may hold spaces and parentheses; the times are counted from the last ')'. */
    @Test
    void readsUserAndSystemTimeAfterTheThreadsName() {
        String stat = "4242 (C2 Compiler) (x)) S 1 4242 4242 0 -1 4194368 120 0 0 0 731 12 0 0 20 0 1 0 100 0 0 18446744073709551615";
        assertThat(JitActivity.ticks(stat)).isEqualTo(743);
    }

    /** This JVM has compiled its test framework by now, and its compiler threads' time never goes back. */
    @Test
    void countsTheTimeOfThisJvmsCompilerThreads() {
        assumeTrue(JitActivity.available(), "no /proc here");
        long first = JitActivity.compilerCpuNanos();
        assertThat(first).isPositive();
        assertThat(JitActivity.compilerCpuNanos()).isGreaterThanOrEqualTo(first);
    }
}
