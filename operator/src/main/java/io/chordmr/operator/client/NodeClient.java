package io.chordmr.operator.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.api.spec.JobSpec;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.dependent.ClusterNames;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call the operator makes to a ChordMR node goes through here: the node's HTTP API with the
 * cluster token. Any member answers for the whole ring, so each call tries the pods in order and
 * uses the first that answers.
 */
public final class NodeClient {

    private static final Logger log = LoggerFactory.getLogger(NodeClient.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** A submit stores inline input on the ring and loads the job's classes: longer than a status call. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /** The ring as one node sees it. */
    public record RingView(int size, List<String> members, int underReplicated) {
    }

    /** A phase's tasks by state, as the coordinator counts them. */
    public record TaskCounts(int total, int pending, int running, int succeeded, int failed) {
    }

    /** A job as its coordinator reports it ({@code GET /jobs/{id}}). */
    public record JobView(String id, String state, String phase, double percent, TaskCounts maps, TaskCounts reduces,
                          Map<String, Long> counters, long startTime, long endTime, String coordinator,
                          String outputDataset, long outputRecords, String error) {

        public boolean succeeded() {
            return "Succeeded".equals(state);
        }

        public boolean terminal() {
            return succeeded() || "Failed".equals(state) || "Cancelled".equals(state);
        }
    }

    /** No pod of the cluster answered; the operator retries later. */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    /** The ring refused the job (400): each problem names its field. Resubmitting the same spec cannot help. */
    public static final class RejectedException extends RuntimeException {
        private final List<String> problems;

        public RejectedException(String message, List<String> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Where the HTTP API of a cluster's pod is. */
    @FunctionalInterface
    public interface Addresses {
        URI http(MapReduceCluster cluster, int ordinal);
    }

    /** In a Kubernetes cluster: the pod's stable DNS name under the headless Service. */
    public static Addresses podDns() {
        return (c, i) -> URI.create("http://" + ClusterNames.nodes(c) + "-" + i + "." + ClusterNames.ring(c) + "."
                + c.getMetadata().getNamespace() + ".svc:" + ClusterNames.HTTP_PORT);
    }

    private final Addresses addresses;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    public NodeClient(Addresses addresses) {
        this.addresses = addresses;
    }

    /** The ring as the first answering pod among {@code pods} sees it; empty when none answers. */
    public Optional<RingView> ring(MapReduceCluster cluster, String token, int pods) {
        try {
            HttpResponse<String> r = call(cluster, token, pods, "/ring", HttpRequest.Builder::GET);
            if (r.statusCode() != 200) {
                log.debug("operator: cluster={} answered /ring with {}", name(cluster), r.statusCode());
                return Optional.empty();
            }
            return Optional.of(parseRing(JSON.readTree(r.body())));
        } catch (UnavailableException | IOException e) {
            log.debug("operator: cluster={} ring unknown: {}", name(cluster), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Submits a job under {@code id}. The node keeps jobs by id, so submitting an id again returns
     * the job already there: an operator that restarts or retries never runs a job twice.
     */
    public JobView submit(MapReduceCluster cluster, String token, int pods, String id, String name, JobSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", name);
        body.put("spec", spec);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the job's spec as JSON", e);
        }
        HttpResponse<String> r = call(cluster, token, pods, "/jobs", b -> b.timeout(SUBMIT_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)));
        if (r.statusCode() == 400) {
            JsonNode err = tree(r);
            List<String> problems = new ArrayList<>();
            err.path("problems").forEach(p -> problems.add(p.asText()));
            throw new RejectedException(err.path("error").asText(r.body()), problems.isEmpty() ? List.of(r.body()) : problems);
        }
        return job(expect(r, 201, "submit job " + id));
    }

    /** The job's status; empty when the ring holds no job with that id. */
    public Optional<JobView> job(MapReduceCluster cluster, String token, int pods, String id) {
        HttpResponse<String> r = call(cluster, token, pods, "/jobs/" + encode(id), HttpRequest.Builder::GET);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(job(expect(r, 200, "status of job " + id)));
    }

    /** Cancels the job (its coordinator removes its intermediate data); empty when there is no such job. */
    public Optional<JobView> cancel(MapReduceCluster cluster, String token, int pods, String id) {
        HttpResponse<String> r = call(cluster, token, pods, "/jobs/" + encode(id), HttpRequest.Builder::DELETE);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(job(expect(r, 200, "cancel job " + id)));
    }

    /** Removes a finished job's record from the ring (its output stays); false when there was none. */
    public boolean purge(MapReduceCluster cluster, String token, int pods, String id) {
        HttpResponse<String> r = call(cluster, token, pods, "/jobs/" + encode(id) + "?purge=true", HttpRequest.Builder::DELETE);
        if (r.statusCode() == 404) {
            return false;
        }
        expect(r, 200, "remove job " + id);
        return true;
    }

    /** The first {@code lines} lines of a dataset, reading no further than that. */
    public List<String> head(MapReduceCluster cluster, String token, int pods, String dataset, int lines) {
        HttpResponse<InputStream> r = call(cluster, token, pods, "/datasets/" + encode(dataset), HttpRequest.Builder::GET,
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) {
                throw new UnavailableException("reading dataset '" + dataset + "' gave HTTP " + r.statusCode());
            }
            List<String> out = new ArrayList<>();
            String line;
            while (out.size() < lines && (line = reader.readLine()) != null) {
                out.add(line);
            }
            return out;
        } catch (IOException e) {
            throw new UnavailableException("reading dataset '" + dataset + "' failed: " + e.getMessage());
        }
    }

    /** The first answer from the pods in order; a pod that cannot be reached is skipped. */
    private HttpResponse<String> call(MapReduceCluster cluster, String token, int pods, String path,
                                      UnaryOperator<HttpRequest.Builder> request) {
        return call(cluster, token, pods, path, request, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> call(MapReduceCluster cluster, String token, int pods, String path,
                                     UnaryOperator<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> body) {
        IOException last = null;
        for (int i = 0; i < pods; i++) {
            HttpRequest req = request.apply(request(addresses.http(cluster, i), token, path)).build();
            try {
                HttpResponse<T> r = http.send(req, body);
                if (r.statusCode() < 500) {
                    return r;
                }
                // A node that cannot serve right now (its ring is still forming, a store call timed out): try the next.
                last = new IOException("pod " + i + " answered " + r.statusCode() + (r.body() instanceof String text ? ": " + text : ""));
                if (r.body() instanceof Closeable stream) {
                    stream.close();
                }
            } catch (IOException e) {
                last = e;
                log.debug("operator: cluster={} pod {} did not answer {}: {}", name(cluster), i, req.uri().getPath(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted");
            }
        }
        throw new UnavailableException("no pod of cluster " + name(cluster) + " answered"
                + (last == null ? " (it has no pods)" : ": " + last.getMessage()));
    }

    private static HttpRequest.Builder request(URI base, String token, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT).header("Authorization", "Bearer " + token);
    }

    private static String expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new UnavailableException(what + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static JsonNode tree(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static JobView job(String body) {
        try {
            return JSON.readValue(body, JobView.class);
        } catch (IOException e) {
            throw new UnavailableException("a node answered with a job status the operator cannot read: " + e.getMessage());
        }
    }

    private static RingView parseRing(JsonNode ring) {
        List<String> members = new ArrayList<>();
        int under = 0;
        for (JsonNode m : ring.path("members")) {
            members.add(m.path("name").asText());
            under += m.path("underReplicated").asInt(0);
        }
        members.sort(null);
        return new RingView(ring.path("size").asInt(members.size()), members, under);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String name(MapReduceCluster c) {
        return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
    }
}
