package io.chordmr.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JitOptionsTest {

    /** The launcher and both images start node JVMs with the same JIT settings as task JVMs get. */
    @Test
    void theLauncherAndTheImagesStartNodesWithTheSameJitSettings() throws IOException {
        for (Path p : List.of(Path.of("..", "chordmr"), Path.of("Dockerfile"), Path.of("pom.xml"))) {
            String text = Files.readString(p);
            for (String option : JitOptions.C2_THRESHOLDS) {
                assertThat(text).as(p + " holds " + option).contains(option);
            }
        }
        assertThat(TaskProcessSettings.DEFAULT_OPTIONS).containsAll(JitOptions.C2_THRESHOLDS);
    }

    /** This JVM takes every option (it refuses to start on an unknown or malformed -XX flag), and they take effect. */
    @Test
    void aJvmStartsWithTheTaskOptionsAndUsesTheThresholds() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(TaskProcessSettings.DEFAULT_OPTIONS);
        cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("intx Tier4InvocationThreshold += 50000 ")
                .containsPattern("intx Tier4BackEdgeThreshold += 400000 ");
    }
}
