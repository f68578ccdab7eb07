package io.chordmr.operator.reconciler;

import static io.chordmr.operator.reconciler.JobFixtures.corpus;
import static io.chordmr.operator.reconciler.JobFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.chordmr.manifest.StepSpec;
import io.chordmr.node.PrometheusText;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.chordmr.operator.harness.Kubelet;
import io.chordmr.operator.harness.TestOperator;
import io.chordmr.operator.runtime.ChordMrOperator;
import io.chordmr.operator.testjobs.ExitingMapper;
import io.chordmr.operator.testjobs.GatedWordCountMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's /metrics after a job that succeeded and one that failed, checked against their statuses and inputs. */
@EnableKubernetesMockClient(crud = true)
class JobMetricsIT {

    private static final Duration LONG = Duration.ofSeconds(180);
    private static final String NS = "metrics";
    static KubernetesClient client;

    private final HttpClient http = HttpClient.newHttpClient();
    private JobFixtures fx;
    private Kubelet kubelet;
    private ChordMrOperator operator;

    @BeforeEach
    void start() {
        GatedWordCountMapper.open();
        fx = new JobFixtures(client, NS);
        TestOperator.installCrds(client);
        kubelet = new Kubelet(client, NS);
        var settings = new ChordMrOperator.Settings(Set.of(), null, "op", new InetSocketAddress("127.0.0.1", 0),
                Duration.ofMillis(500), () -> { });
        operator = ChordMrOperator.start(settings, client, new NodeClient(kubelet.addresses()));
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        kubelet.close();
    }

    @Test
    void jobsByPhaseTheirDurationsTasksAttemptsAndBytesReachPrometheus() throws Exception {
        fx.createCluster("demo", 3);
        List<String> lines = corpus(300, 11);
        client.resource(fx.gatedJob("counted", "demo", lines)).create();
        MapReduceJob poison = fx.gatedJob("poison", "demo", corpus(40, 7));
        poison.getSpec().setMapper(StepSpec.ofClass(ExitingMapper.class.getName()));
        poison.getSpec().setMaxAttempts(2);
        client.resource(poison).create();
        await().atMost(LONG).until(() -> ended(fx.job("counted")) && ended(fx.job("poison")));
        MapReduceJobStatus ok = fx.job("counted").getStatus();
        MapReduceJobStatus bad = fx.job("poison").getStatus();
        assertThat(ok.phase).isEqualTo("Succeeded");
        assertThat(bad.phase).isEqualTo("Failed");

        // The gauge follows the reconciler; the counters were all added as the second job ended.
        await().atMost(LONG).until(() -> metric("chordmr_jobs", "phase=\"Failed\"") == 1 && metric("chordmr_jobs", "phase=\"Succeeded\"") == 1);
        List<String> scrape = List.of(scrape());
        assertThat(PrometheusText.sum(scrape, "chordmr_jobs", "phase=\"Running\"")).isZero();
        assertThat(PrometheusText.sum(scrape, "chordmr_job_endings_total", "outcome=\"Succeeded\"")).isEqualTo(1);
        assertThat(PrometheusText.sum(scrape, "chordmr_job_endings_total", "outcome=\"Failed\"")).isEqualTo(1);
        assertThat(PrometheusText.sum(scrape, "chordmr_job_duration_seconds_count", "outcome=\"Succeeded\"")).isEqualTo(1);
        assertThat(PrometheusText.sum(scrape, "chordmr_job_duration_seconds_sum", "outcome=\"Succeeded\"")).isCloseTo(seconds(ok), within(0.002));
        assertThat(PrometheusText.sum(scrape, "chordmr_job_duration_seconds_bucket", "outcome=\"Succeeded\"", "le=\"+Inf\"")).isEqualTo(1);
        assertThat(PrometheusText.sum(scrape, "chordmr_job_tasks_total", "kind=\"map\"", "outcome=\"succeeded\""))
                .isEqualTo(ok.maps.succeeded + bad.maps.succeeded).isPositive();
        assertThat(PrometheusText.sum(scrape, "chordmr_job_tasks_total", "kind=\"map\"", "outcome=\"failed\"")).isEqualTo(bad.maps.failed).isPositive();
        assertThat(PrometheusText.sum(scrape, "chordmr_job_tasks_total", "kind=\"reduce\"", "outcome=\"succeeded\"")).isEqualTo(3);
        assertThat(PrometheusText.sum(scrape, "chordmr_job_attempts_total", "outcome=\"failed\""))
                .isEqualTo(ok.counters.get("failedAttempts") + bad.counters.get("failedAttempts")).isGreaterThanOrEqualTo(2);
        // Bytes against the job's own input and an independent count of its output (key<TAB>count lines).
        long inputBytes = lines.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        long outputBytes = count(lines).entrySet().stream().mapToLong(e -> (e.getKey() + "\t" + e.getValue() + "\n").length()).sum();
        assertThat(PrometheusText.sum(scrape, "chordmr_job_input_bytes_total")).isEqualTo((double) inputBytes);
        assertThat(PrometheusText.sum(scrape, "chordmr_job_output_bytes_total")).isEqualTo((double) outputBytes);
        assertThat(PrometheusText.sum(scrape, "chordmr_job_shuffled_bytes_total")).isEqualTo((double) ok.counters.get("shuffledBytes")).isPositive();
        PrometheusText.assertPromtoolAccepts(scrape);

        client.resource(fx.job("counted")).delete();
        await().atMost(LONG).until(() -> metric("chordmr_jobs", "phase=\"Succeeded\"") == 0);
        assertThat(metric("chordmr_job_endings_total", "outcome=\"Succeeded\"")).as("a counter outlives the job").isEqualTo(1);
    }

    private static boolean ended(MapReduceJob j) {
        return j != null && j.getStatus() != null && Phase.of(j.getStatus().phase).ended();
    }

    private static double seconds(MapReduceJobStatus s) {
        return Duration.between(Instant.parse(s.startTime), Instant.parse(s.completionTime)).toNanos() / 1e9;
    }

    private double metric(String name, String... labels) throws Exception {
        return PrometheusText.sum(List.of(scrape()), name, labels);
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
