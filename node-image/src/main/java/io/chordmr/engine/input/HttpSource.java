package io.chordmr.engine.input;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.OptionalLong;

/**
 * Files behind {@code http://} and {@code https://} URLs. A HEAD tells the size and whether the
 * server serves ranges ({@code Accept-Ranges: bytes}); reads are GETs, ranged from an offset.
 * Transient failures are tried again with backoff; an error names the URL and what the server said.
 */
public final class HttpSource implements ObjectSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 4;
    private static final long BACKOFF_MS = 200;
    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

    private final HttpClient http;

    public HttpSource() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    HttpSource(HttpClient http) {
        this.http = http;
    }

    @Override
    public List<InputObject> list(String url) throws IOException {
        return List.of(describe(url));
    }

    private InputObject describe(String url) throws IOException {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(uri(url)).timeout(TIMEOUT).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding(), url);
        if (r.statusCode() / 100 != 2) {
            throw UrlException.failed(url, "the server answered " + r.statusCode() + " to HEAD", null);
        }
        OptionalLong length = r.headers().firstValueAsLong("Content-Length");
        boolean ranges = r.headers().firstValue("Accept-Ranges").map(v -> v.trim().equalsIgnoreCase("bytes")).orElse(false);
        boolean gzip = uri(url).getPath().endsWith(".gz");
        if (length.isEmpty()) {
            // Unknown size: read it whole, as one split.
            return new InputObject(url, -1, false, gzip);
        }
        return new InputObject(url, length.getAsLong(), ranges && length.getAsLong() > 0, gzip);
    }

    @Override
    public InputStream open(String url, long start) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(url)).timeout(TIMEOUT).GET();
        if (start > 0) {
            b.header("Range", "bytes=" + start + "-");
        }
        HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream(), url);
        int expected = start > 0 ? 206 : 200;
        if (r.statusCode() != expected) {
            r.body().close();
            throw UrlException.failed(url, "the server answered " + r.statusCode() + " to a GET"
                    + (start > 0 ? " from byte " + start + " (206 expected: it should serve ranges)" : ""), null);
        }
        return r.body();
    }

    /**
     * Sends the request, trying again after 0.2, 0.4 and 0.8 s when the failure may pass: a broken
     * connection, 429 (throttled), 500, 502, 503 or 504. Any other answer is returned at once.
     */
    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body, String url) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(BACKOFF_MS << (attempt - 1), url);
            }
            try {
                HttpResponse<T> r = http.send(req, body);
                if (!TRANSIENT.contains(r.statusCode()) || attempt == ATTEMPTS - 1) {
                    return r;
                }
                if (r.body() instanceof InputStream in) {
                    in.close();
                }
            } catch (IOException e) {
                last = UrlException.failed(url, e.getMessage() == null ? e.toString() : e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw UrlException.failed(url, "interrupted", e);
            }
        }
        throw last;
    }

    private static void pause(long millis, String url) throws IOException {
        try {
            Thread.sleep(millis); // backoff between tries of one request, on a worker thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UrlException.failed(url, "interrupted", e);
        }
    }

    private static URI uri(String url) throws IOException {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw UrlException.badUrl(url, "not a valid URL", e);
        }
    }
}
