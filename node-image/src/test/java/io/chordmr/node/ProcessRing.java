package io.chordmr.node;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.client.ClusterCa;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/** A ring of {@code chordmr node} processes on loopback, each killable with SIGKILL. */
public final class ProcessRing implements AutoCloseable {

    public static final String TOKEN = "process-ring-token-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path tokenFile;
    private final List<Process> processes = new ArrayList<>();
    private final List<List<String>> commands = new ArrayList<>();
    private final IntFunction<List<String>> jvm;
    private final IntFunction<List<String>> nodeArgs;
    private final List<Integer> httpPorts = new ArrayList<>();
    private final HttpClient http;
    /** The CA of the nodes' certificates when they speak TLS, else null. */
    private final Path ca;

    public ProcessRing(int nodes, List<String> jvm) throws IOException {
        this(nodes, jvm, List.of());
    }

    /** @param nodeArgs more {@code chordmr node} flags for every node */
    public ProcessRing(int nodes, List<String> jvm, List<String> nodeArgs) throws IOException {
        this(nodes, i -> jvm, nodeArgs);
    }

    /** @param jvm node i's JVM options */
    public ProcessRing(int nodes, IntFunction<List<String>> jvm, List<String> nodeArgs) throws IOException {
        this(nodes, jvm, i -> nodeArgs, null);
    }

    /**
     * @param nodeArgs more {@code chordmr node} flags for node i
     * @param ca       the CA of the nodes' certificates, when {@code nodeArgs} give them TLS; null for plain HTTP
     */
    public ProcessRing(int nodes, IntFunction<List<String>> jvm, IntFunction<List<String>> nodeArgs, Path ca) throws IOException {
        this.jvm = jvm;
        this.ca = ca;
        this.http = ca == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(ClusterCa.sslContext(ca)).build();
        dir = Files.createTempDirectory("chordmr-procring");
        tokenFile = Files.writeString(dir.resolve("cluster.token"), TOKEN + "\n");
        this.nodeArgs = nodeArgs;
        startNodes(nodes);
        awaitRing();
    }

    private void startNodes(int more) throws IOException {
        int first = processes.size();
        for (int i = first; i < first + more; i++) {
            int port = NodeProcess.freePort();
            int httpPort = NodeProcess.freePort();
            List<String> args = new ArrayList<>(List.of("node", "--name", "proc-" + i, "--bind", "127.0.0.1", "--port",
                    String.valueOf(port), "--http-port", String.valueOf(httpPort), "--data-dir", dir.resolve("data-" + i).toString(),
                    "--token-file", tokenFile.toString(), "--slots", "1"));
            if (i > 0) {
                args.addAll(List.of("--join", "127.0.0.1:" + commands.get(0).get(commands.get(0).indexOf("--port") + 1)));
            }
            args.addAll(nodeArgs.apply(i));
            commands.add(args);
            processes.add(NodeProcess.start(dir.resolve("node-" + i + ".log"), jvm.apply(i), args.toArray(String[]::new)));
            httpPorts.add(httpPort);
        }
    }

    /** Starts {@code more} nodes joining through node 0, as a scaled StatefulSet would, without waiting for them. */
    public void grow(int more) throws IOException {
        startNodes(more);
    }

    /** Waits until every live node sees a ring of all the live nodes. */
    public void awaitRing() {
        int live = (int) processes.stream().filter(Process::isAlive).count();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (int i = 0; i < processes.size(); i++) {
                JsonNode ring = alive(i) ? get(i, "/ring") : null;
                if (alive(i) && (ring == null || ring.get("size").asInt() != live)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Starts node i again with its name, ports and data directory, as a restarted pod would be. */
    public void restart(int i) throws IOException {
        if (alive(i)) {
            throw new IllegalStateException("node " + i + " is still running");
        }
        List<String> args = new ArrayList<>(commands.get(i));
        if (i == 0 && processes.size() > 1) {
            // ring-0 rejoins through a peer that stayed up instead of starting a ring of its own
            args.addAll(List.of("--join", "127.0.0.1:" + commands.get(1).get(commands.get(1).indexOf("--port") + 1)));
        }
        processes.set(i, NodeProcess.start(dir.resolve("node-" + i + ".restarted.log"), jvm.apply(i), args.toArray(String[]::new)));
    }

    /** The task processes node i runs now: the only JVMs a node starts (the command line is too long to read back). */
    public List<ProcessHandle> taskProcesses(int i) {
        return processes.get(i).children().filter(p -> p.info().command().orElse("").endsWith("/java")).toList();
    }

    public Path dir() {
        return dir;
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public String ringAddress(int i) {
        return "127.0.0.1:" + httpPorts.get(i);
    }

    public int size() {
        return processes.size();
    }

    public boolean alive(int i) {
        return processes.get(i).isAlive();
    }

    /** SIGKILL: no shutdown hook, no goodbye. */
    public void kill9(int i) throws InterruptedException {
        processes.get(i).destroyForcibly().waitFor();
    }

    /** GET on node i's API, or null when it does not answer 200. */
    public JsonNode get(int i, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create((ca == null ? "http://" : "https://") + ringAddress(i) + path))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs a client command (put, submit, get...) against node i; stdout to {@code out}. */
    public int client(int i, Path out, String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of(args[0], "--ring", ringAddress(i), "--token-file", tokenFile.toString()));
        if (ca != null) {
            full.addAll(List.of("--ca-file", ca.toString()));
        }
        full.addAll(List.of(args).subList(1, args.length));
        return NodeProcess.run(out, dir.resolve("client.err"), full.toArray(String[]::new));
    }

    public String clientErrors() throws IOException {
        return Files.readString(dir.resolve("client.err"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }
        if (Boolean.getBoolean("chordmr.keepTestDirs")) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
