package io.chordmr.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.manifest.JobSpec;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ChordMR node's HTTP API, with the cluster token. Any member answers for the whole ring, so a
 * client given several nodes tries them in order and uses the first that answers; one that
 * cannot serve right now (5xx: its ring is still forming) is passed over too, but for 502, which
 * names a server beyond the ring that failed.
 *
 * <pre>{@code
 * NodeApi api = NodeApi.of(List.of(URI.create("http://127.0.0.1:8080")), token);
 * JobStatus submitted = api.submit("wc-1", "word-count", spec);
 * Optional<JobStatus> now = api.job("wc-1");
 * }</pre>
 *
 * A refusal throws {@link NodeApiException} with the node's status and message ({@link
 * JobRejectedException} for a job with problems); "no such job" is an empty Optional.
 */
public final class NodeApi {

    private static final Logger log = LoggerFactory.getLogger(NodeApi.class);
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** A submit stores inline input on the ring and loads the job's classes: longer than a status call. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);
    /** Moving a dataset's bytes takes as long as it takes; the connection's liveness is the real bound. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    private final List<URI> nodes;
    private final String token;
    private final HttpClient http;

    private NodeApi(HttpClient http, List<URI> nodes, String token) {
        this.http = http;
        this.nodes = List.copyOf(nodes);
        this.token = token;
    }

    /** A client of these nodes' HTTP APIs ({@code http://host:port}); a null or empty token sends none. */
    public static NodeApi of(List<URI> nodes, String token) {
        return of(nodes, token, Duration.ofSeconds(3));
    }

    public static NodeApi of(List<URI> nodes, String token, Duration connectTimeout) {
        return of(HttpClient.newBuilder().connectTimeout(connectTimeout).build(), nodes, token);
    }

    /** Over an HTTP client the caller shares between many of these (an operator talking to many clusters). */
    public static NodeApi of(HttpClient http, List<URI> nodes, String token) {
        return new NodeApi(http, nodes, token);
    }

    public RingView ring() {
        return read(expect(call("/ring", HttpRequest.Builder::GET), 200, "the ring"), RingView.class);
    }

    public List<DatasetInfo> datasets() {
        JsonNode list = read(expect(call("/datasets", HttpRequest.Builder::GET), 200, "the datasets"), JsonNode.class).path("datasets");
        return JSON.convertValue(list, new TypeReference<List<DatasetInfo>>() { });
    }

    /**
     * Stores a file as a dataset, split into chunks of about {@code splitBytes} bytes or exactly
     * {@code splitRecords} lines (both null: the node's default).
     */
    public DatasetInfo put(String name, Path file, Long splitBytes, Long splitRecords, boolean overwrite) {
        String q = storeQuery(null, splitBytes, splitRecords, overwrite);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        HttpResponse<String> r = call("/datasets/" + segment(name) + q, b -> b.timeout(TRANSFER_TIMEOUT)
                .header("Content-Type", "text/plain").PUT(body));
        return read(expect(r, 201, "store dataset '" + name + "'"), DatasetInfo.class);
    }

    /**
     * Has the node read {@code url} (an http(s):// file, or S3 objects: a key, a prefix or a glob)
     * and store it as a dataset: the bytes go from where they live to the ring, not through here.
     */
    public DatasetInfo putFromUrl(String name, String url, Long splitBytes, Long splitRecords, boolean overwrite) {
        String q = storeQuery(url, splitBytes, splitRecords, overwrite);
        HttpResponse<String> r = call("/datasets/" + segment(name) + q, b -> b.timeout(TRANSFER_TIMEOUT).PUT(HttpRequest.BodyPublishers.noBody()));
        return read(expect(r, 201, "store dataset '" + name + "' from a URL"), DatasetInfo.class);
    }

    /** The query of a dataset's PUT: where from (null: the body), how to split, whether to replace. */
    private static String storeQuery(String url, Long splitBytes, Long splitRecords, boolean overwrite) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        if (url != null) {
            q.add("url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        }
        if (splitBytes != null) {
            q.add("splitBytes=" + splitBytes);
        }
        if (splitRecords != null) {
            q.add("splitRecords=" + splitRecords);
        }
        if (overwrite) {
            q.add("overwrite=true");
        }
        return q.toString();
    }

    /**
     * Has the node write dataset {@code name} to {@code url} ({@code s3://bucket/key}, or a prefix
     * ending in {@code /} for {@code prefix/NAME}): the bytes go from the ring to where they are
     * wanted, not through here. Answers the URL written (credentials never shown).
     */
    public String exportDataset(String name, String url, boolean overwrite) {
        String q = "?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8) + (overwrite ? "&overwrite=true" : "");
        HttpResponse<String> r = call("/datasets/" + segment(name) + "/export" + q,
                b -> b.timeout(TRANSFER_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()));
        return read(expect(r, 200, "export dataset '" + name + "'"), JsonNode.class).path("url").asText();
    }

    /** The dataset's bytes, streamed; the caller closes the stream. */
    public InputStream open(String name) {
        HttpResponse<InputStream> r = call("/datasets/" + segment(name), b -> b.timeout(TRANSFER_TIMEOUT).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                throw refusal(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), "read dataset '" + name + "'");
            } catch (IOException e) {
                throw new NodeApiException(r.statusCode(), "read dataset '" + name + "': HTTP " + r.statusCode(), e);
            }
        }
        return r.body();
    }

    /** The first {@code lines} lines of a dataset, reading no further than that. */
    public List<String> head(String name, int lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            String line;
            while (out.size() < lines && (line = reader.readLine()) != null) {
                out.add(line);
            }
            return out;
        } catch (IOException e) {
            throw new NodeApiException(0, "reading dataset '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    /** Deletes a dataset; false when there was none. */
    public boolean deleteDataset(String name) {
        HttpResponse<String> r = call("/datasets/" + segment(name), HttpRequest.Builder::DELETE);
        if (r.statusCode() == 404) {
            return false;
        }
        expect(r, 200, "delete dataset '" + name + "'");
        return true;
    }

    /**
     * Submits a job under {@code id} (null: the node makes one up from the name). The ring keeps
     * jobs by id, so submitting an id again returns the job already there: a caller that retries
     * never runs a job twice.
     *
     * @throws JobRejectedException naming every problem of the spec
     */
    public JobStatus submit(String id, String name, JobSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("name", name);
        body.put("spec", spec);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the job's spec as JSON", e);
        }
        HttpResponse<String> r = call("/jobs", b -> b.timeout(SUBMIT_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
        if (r.statusCode() == 400) {
            JsonNode err = tree(r.body());
            List<String> problems = new ArrayList<>();
            err.path("problems").forEach(p -> problems.add(p.asText()));
            throw new JobRejectedException(err.path("error").asText(r.body()), problems.isEmpty() ? List.of(r.body()) : problems);
        }
        return read(expect(r, 201, "submit job " + (id == null ? name : id)), JobStatus.class);
    }

    /** Every job the ring holds a record of. */
    public List<JobStatus> jobs() {
        JsonNode list = read(expect(call("/jobs", HttpRequest.Builder::GET), 200, "the jobs"), JsonNode.class).path("jobs");
        return JSON.convertValue(list, new TypeReference<List<JobStatus>>() { });
    }

    /** The job's status; empty when the ring holds no job with that id. */
    public Optional<JobStatus> job(String id) {
        return jobCall(id, "", HttpRequest.Builder::GET, "status of job " + id);
    }

    /** Where the dataset's chunks are and how many lack copies; empty when there is no such dataset. */
    public Optional<DatasetReplicas> replicas(String name) {
        HttpResponse<String> r = call("/datasets/" + segment(name) + "/replicas", HttpRequest.Builder::GET);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(read(expect(r, 200, "replicas of dataset " + name), DatasetReplicas.class));
    }

    /** The job's tasks with their attempts; empty when there is no such job. */
    public Optional<JobTasks> tasks(String id) {
        HttpResponse<String> r = call("/jobs/" + segment(id) + "/tasks", HttpRequest.Builder::GET);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(read(expect(r, 200, "tasks of job " + id), JobTasks.class));
    }

    /** Cancels the job (its coordinator removes its intermediate data); empty when there is no such job. */
    public Optional<JobStatus> cancel(String id) {
        return jobCall(id, "", HttpRequest.Builder::DELETE, "cancel job " + id);
    }

    /**
     * Suspends a running job (no new attempt starts; running ones finish) or resumes it; empty for
     * an unknown id. A job that ended is left as it is.
     */
    public Optional<JobStatus> suspend(String id, boolean suspended) {
        return jobCall(id, suspended ? "/suspend" : "/resume", b -> b.POST(HttpRequest.BodyPublishers.noBody()),
                (suspended ? "suspend" : "resume") + " job " + id);
    }

    /** Removes a finished job's record from the ring (its output stays); false when there was none. A running job is a 409. */
    public boolean purge(String id) {
        return jobCall(id, "?purge=true", HttpRequest.Builder::DELETE, "remove job " + id).isPresent();
    }

    /** Asks the node to hand its data to the others and leave the ring; returns its name. */
    public String leave() {
        HttpResponse<String> r = call("/leave", b -> b.timeout(TRANSFER_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()));
        return read(expect(r, 200, "leave"), JsonNode.class).path("node").asText();
    }

    private Optional<JobStatus> jobCall(String id, String query, UnaryOperator<HttpRequest.Builder> method, String what) {
        HttpResponse<String> r = call("/jobs/" + segment(id) + query, method);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(read(expect(r, 200, what), JobStatus.class));
    }

    private HttpResponse<String> call(String path, UnaryOperator<HttpRequest.Builder> request) {
        return call(path, request, HttpResponse.BodyHandlers.ofString());
    }

    /** The first answer below 500, or a 502, from the nodes in order. */
    private <T> HttpResponse<T> call(String path, UnaryOperator<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> body) {
        String last = null;
        Exception cause = null;
        for (URI node : nodes) {
            HttpRequest.Builder b = HttpRequest.newBuilder(node.resolve(path)).timeout(CALL_TIMEOUT);
            if (token != null && !token.isEmpty()) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpRequest req = request.apply(b).build();
            try {
                HttpResponse<T> r = http.send(req, body);
                if (r.statusCode() < 500 || r.statusCode() == 502) {
                    // 502: a server beyond the ring (S3, HTTP) failed, and would fail any node alike.
                    return r;
                }
                last = node + " answered " + r.statusCode() + (r.body() instanceof String text ? ": " + errorText(text) : "");
                if (r.body() instanceof Closeable stream) {
                    stream.close();
                }
            } catch (IOException e) {
                last = "cannot reach " + node + " (" + e + ")";
                cause = e;
                log.debug("client: {} did not answer {}: {}", node, path, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeApiException(0, "interrupted", e);
            }
        }
        throw new NodeApiException(0, nodes.isEmpty() ? "no node to ask (the cluster has no pods)" : "no node answered: " + last, cause);
    }

    private static String expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw refusal(r.statusCode(), r.body(), what);
        }
        return r.body();
    }

    private static NodeApiException refusal(int status, String body, String what) {
        return new NodeApiException(status, what + ": node answered " + status + ": " + errorText(body), null);
    }

    /** The {@code error} of a JSON error body, or the body as it is. */
    private static String errorText(String body) {
        JsonNode n = tree(body);
        return n.hasNonNull("error") ? n.get("error").asText() : body;
    }

    private static JsonNode tree(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new NodeApiException(0, "a node answered with a " + type.getSimpleName() + " this client cannot read: " + e.getMessage(), e);
        }
    }

    /** One path segment, percent-encoded (a space as %20, never '+'). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
