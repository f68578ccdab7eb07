package io.chordmr.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.engine.context.TaskProcessSettings;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskProcessPoolTest {

    @TempDir
    Path dir;

    /** As when a pod is restarted on its volume while the killed node still shuts down (the operator harness does this). */
    @Test
    void aNodeClosingAfterItsSuccessorOpenedTheSameDirectoryLeavesTheSuccessorsSocket() throws IOException {
        TaskProcessPool old = new TaskProcessPool("n", dir, TaskProcessSettings.defaults(), 0);
        Path stale = old.socket();
        TaskProcessPool fresh = new TaskProcessPool("n", dir, TaskProcessSettings.defaults(), 0);
        try {
            old.close();
            assertThat(fresh.socket()).isNotEqualTo(stale).exists();
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(fresh.socket()));
                assertThat(c.isConnected()).isTrue();
            }
        } finally {
            fresh.close();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).as("no socket left behind").isEmpty();
        }
    }

    /** A fresh process warms up while the node is idle; an attempt starting stops it, and it is not asked again. */
    @Test
    void anIdleNodesNewProcessWarmsUpAndAnAttemptStopsItForGood() throws Exception {
        TaskProcessSettings d = TaskProcessSettings.defaults();
        // A warm-up that would run for hours: only the node's stop can end it.
        TaskProcessSettings settings = new TaskProcessSettings(d.java(), d.classpath(), 256L << 20, 256L << 20,
                java.util.stream.Stream.concat(d.jvmOptions().stream(), java.util.stream.Stream.of("-Dchordmr.task.warmUpMaps=1000000")).toList());
        byte[] text = "to be or not to be\nthat is the question\n".repeat(2000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path chunk = Files.write(dir.resolve("chunk"), text);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text);
        io.chordmr.manifest.JobSpec spec = new io.chordmr.manifest.JobSpec();
        spec.setMapper(io.chordmr.manifest.StepSpec.ofClass("io.chordmr.examples.WordCountMapper"));
        spec.setReducer(io.chordmr.manifest.StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        io.chordmr.engine.task.TaskWork work = new io.chordmr.engine.task.TaskWork("job", "m-00000", 1, spec, null, null, 2,
                new io.chordmr.engine.task.TaskWork.MapInput(new io.chordmr.engine.task.TaskWork.ChunkFile(chunk.toString(), 0, text.length,
                        (int) crc.getValue()), 0, "text", dir.resolve("map-out").toString(), 1 << 20), null);
        RunningAttempt attempt = new RunningAttempt(new io.chordmr.engine.message.EngineMessages.Assignment("job", "m-00000", true, 0, 1, 0,
                spec, 2, null, 0, null, java.util.List.of(), null));
        String was = System.setProperty("chordmr.task.warmUp", "true"); // the suite turns it off for its rings
        try (TaskProcessPool pool = new TaskProcessPool("n", dir, settings, 1)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> warmUpDirs(pool.socket().getParent()) == 1);
            io.chordmr.engine.task.TaskResult r = pool.run(work, attempt, (i, bytes) -> "out/" + i);
            assertThat(r.error()).isNull();
            assertThat(r.counters().get("mapInputRecords")).isEqualTo(4000);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> warmUpDirs(pool.socket().getParent()) == 0);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> warmUpDirs(pool.socket().getParent()) == 0);
        } finally {
            if (was == null) {
                System.clearProperty("chordmr.task.warmUp");
            } else {
                System.setProperty("chordmr.task.warmUp", was);
            }
        }
    }

    private static long warmUpDirs(Path in) throws IOException {
        try (var files = Files.list(in)) {
            return files.filter(f -> f.getFileName().toString().startsWith("warm-up-")).count();
        }
    }
}
