package io.chordmr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.net.ClusterToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Talks to one node's HTTP API with the cluster token. */
final class NodeHttpClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String base;
    private final ClusterToken token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NodeHttpClient(String ring, ClusterToken token) {
        this.base = "http://" + ring;
        this.token = token;
    }

    JsonNode getJson(String path) throws IOException {
        HttpResponse<String> r = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        return parse(r);
    }

    JsonNode postJson(String path, Object body) throws IOException {
        HttpRequest req = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json").build();
        return parse(send(req, HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode delete(String path) throws IOException {
        return parse(send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString()));
    }

    <T> T as(JsonNode node, Class<T> type) throws IOException {
        return JSON.treeToValue(node, type);
    }

    JsonNode putFile(String name, Path file, String query) throws IOException {
        HttpRequest req = request("/datasets/" + enc(name) + (query.isEmpty() ? "" : "?" + query))
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).header("Content-Type", "text/plain").build();
        return parse(send(req, HttpResponse.BodyHandlers.ofString()));
    }

    /** The dataset's bytes as a stream; the caller closes it. */
    InputStream getDataset(String name) throws IOException {
        HttpResponse<InputStream> r = send(request("/datasets/" + enc(name)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                throw new IOException(errorOf(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(30));
        if (token.enforced()) {
            b.header("Authorization", "Bearer " + token.value());
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(req, handler);
        } catch (ConnectException e) {
            throw new IOException("cannot reach a node at " + base + " (is it running? pass --ring HOST:HTTP_PORT)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> r) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw new IOException(errorOf(r.statusCode(), r.body()));
        }
        return JSON.readTree(r.body());
    }

    /** Whether a failed call was a 404. */
    static boolean notFound(IOException e) {
        return e.getMessage() != null && e.getMessage().startsWith("node answered 404");
    }

    private static String errorOf(int status, String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.has("error")) {
                return "node answered " + status + ": " + n.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: show it as it is
        }
        return "node answered " + status + ": " + body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
