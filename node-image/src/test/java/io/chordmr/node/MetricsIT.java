package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.Jobs;
import io.chordmr.manifest.JobSpec;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The nodes' /metrics after a job: the JVM's figures, the tasks each node ran, and text Prometheus itself accepts. */
class MetricsIT {

    private static TestRing ring;
    private static List<String> scrapes;
    private static JobStatus job;
    private static int maps;

    @BeforeAll
    static void runAJob() throws Exception {
        ring = new TestRing().start(3);
        ChordMrNode via = ring.any();
        DatasetMeta in = via.datasets().put("metered", new ByteArrayInputStream(Jobs.zipfCorpus(5, 400_000, 3_000)),
                Split.bytes(32 << 10), false);
        maps = in.chunks();
        JobSpec spec = Jobs.wordCount("metered", 3);
        spec.setSpeculative(false);
        via.engine().jobs().submit("metered", "metered", spec);
        job = Jobs.awaitEnd(via, "metered", Duration.ofSeconds(120));
        HttpClient http = HttpClient.newHttpClient();
        scrapes = new ArrayList<>();
        for (ChordMrNode n : ring.nodes()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            scrapes.add(r.body());
        }
    }

    @AfterAll
    static void stop() {
        ring.close();
    }

    private static double sum(String name, String... labels) {
        return PrometheusText.sum(scrapes, name, labels);
    }

    @Test
    void everyMapAndReduceIsCountedOnceOnTheNodeThatRanIt() {
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        // No speculation and no failure: each map and reduce succeeded once, on one node.
        assertThat(succeeded("map")).isEqualTo(maps);
        assertThat(succeeded("reduce")).isEqualTo(3);
        assertThat(sum("chordmr_shuffled_bytes_total", "node=")).as("what the job's reduces fetched")
                .isEqualTo((double) job.counters().get("shuffledBytes"));
        assertThat(sum("chordmr_task_processes_started_total", "node=")).isPositive();
    }

    private static double succeeded(String kind) {
        return sum("chordmr_tasks_total", "kind=\"" + kind + "\"", "outcome=\"succeeded\"");
    }

    @Test
    void theJvmAndTheProcessAreThereAsMicrometerNamesThem() {
        for (String s : scrapes) {
            assertThat(s).contains("jvm_memory_used_bytes{", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads", "process_cpu_usage",
                    "process_uptime_seconds", "jvm_classes_loaded_classes", "chordmr_store_keys{");
        }
    }

    @Test
    void prometheusOwnParserAcceptsTheText() throws Exception {
        PrometheusText.assertPromtoolAccepts(scrapes);
    }
}
