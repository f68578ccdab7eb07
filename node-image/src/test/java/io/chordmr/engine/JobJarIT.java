package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobStatus;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user's job jar, compiled here and stored in the ring, runs in a class loader of its own. */
class JobJarIT {

    private static final String SOURCE = """
            package com.example.upper;

            import io.chordmr.api.Emitter;
            import io.chordmr.api.Mapper;
            
            public class UpperCaseWordMapper implements Mapper<Long, String, String, Long> {
                @Override
                public void map(Long offset, String line, Emitter<String, Long> out) {
                    for (String w : line.trim().split("\\\\s+")) {
                        if (!w.isEmpty()) {
                            out.emit(w.toUpperCase(java.util.Locale.ROOT), 1L);
                        }
                    }
                }
            }
            """;

    private static Path buildJar(Path dir) throws Exception {
        return JobJars.build(dir, "upper", Map.of("com.example.upper.UpperCaseWordMapper", SOURCE));
    }

    @Test
    void aJobJarStoredInTheRingIsLoadedForTheJob() throws Exception {
        String text = "Hello world\nhello Distributed computing\nWORLD of mapreduce\n";
        try (TestRing ring = new TestRing().start(3)) {
            ChordMrNode node = ring.any();
            Path jar = buildJar(ring.root());
            assertThat(getClass().getClassLoader().getResource("com/example/upper/UpperCaseWordMapper.class")).isNull();
            try (var in = Files.newInputStream(jar)) {
                node.datasets().put("upper-jar", in, Split.DEFAULT, false);
            }
            node.datasets().put("text", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Split.records(1), false);

            JobSpec spec = Jobs.wordCount("text", 2);
            spec.setMapper(StepSpec.ofClass("com.example.upper.UpperCaseWordMapper"));
            spec.setJar("upper-jar");
            node.engine().jobs().submit("jar-job", "jar-job", spec);
            JobStatus s = Jobs.awaitEnd(node, "jar-job", Duration.ofSeconds(120));
            assertThat(s.error()).isNull();
            Map<String, Long> expected = new HashMap<>();
            Jobs.countWords(text.getBytes()).forEach((w, c) -> expected.merge(w.toUpperCase(java.util.Locale.ROOT), c, Long::sum));
            assertThat(Jobs.counts(Jobs.outputLines(node, "jar-job-output"))).isEqualTo(expected).containsEntry("HELLO", 2L);
            // The jar's copy on each node goes with the job's other files.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ring.nodes().stream()
                    .noneMatch(n -> Files.exists(n.config().dataDir().resolve("mr").resolve("jar-job"))));
        }
    }

}
