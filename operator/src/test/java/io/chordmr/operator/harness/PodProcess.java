package io.chordmr.operator.harness;

import io.chordmr.net.Address;
import io.chordmr.net.ClusterToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A pod's node as a {@code chordmr node} process on loopback, with the environment the kubelet
 * resolved from the pod spec and nothing else of this JVM's but what a container's image gives
 * (PATH, HOME, LANG, JAVA_HOME).
 */
final class PodProcess implements KubeletPod {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> IMAGE_ENV = List.of("PATH", "HOME", "LANG", "JAVA_HOME", "TMPDIR");

    private final Process process;
    private final Address address;
    private final int httpPort;
    private final String token;

    private PodProcess(Process process, Address address, int httpPort, String token) {
        this.process = process;
        this.address = address;
        this.httpPort = httpPort;
        this.token = token;
    }

    static PodProcess start(String pod, Path data, List<Address> peers, ClusterToken token, Map<String, String> env, Path log) {
        try {
            int port = freePort();
            int http = freePort();
            Files.createDirectories(data);
            Path tokenFile = Files.writeString(data.resolveSibling(pod + ".token"), token.value() + "\n");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.chordmr.cli.ChordMr",
                    "node", "--name", pod, "--bind", "127.0.0.1", "--port", String.valueOf(port), "--http-port", String.valueOf(http),
                    "--data-dir", data.toString(), "--token-file", tokenFile.toString(), "--slots", "1", "--task-heap", "96Mi"));
            if (System.getProperty("chordmr.task.warmUp") != null) {
                cmd.add(1, "-Dchordmr.task.warmUp=" + System.getProperty("chordmr.task.warmUp")); // as the in-JVM pods have it
            }
            if (!peers.isEmpty()) {
                cmd.addAll(List.of("--join", peers.stream().map(a -> a.host() + ":" + a.port()).collect(Collectors.joining(","))));
            }
            ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            b.environment().keySet().retainAll(IMAGE_ENV);
            // The image's JAVA_TOOL_OPTIONS would size the heap for a container; these pods share one machine.
            env.entrySet().stream().filter(e -> !e.getKey().equals("JAVA_TOOL_OPTIONS")).forEach(e -> b.environment().put(e.getKey(), e.getValue()));
            return new PodProcess(b.start(), new Address("127.0.0.1", port), http, token.value());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pod " + pod, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public boolean member() {
        return process.isAlive() && call("GET", "/readyz") == 200;
    }

    @Override
    public void leave() {
        call("POST", "/leave");
        kill();
    }

    @Override
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int call(String method, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
