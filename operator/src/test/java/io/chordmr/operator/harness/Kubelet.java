package io.chordmr.operator.harness;

import io.chordmr.net.Address;
import io.chordmr.net.ClusterToken;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.NodeConfig;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.net.NodeTls;
import io.chordmr.operator.dependent.TlsSecretDependent;
import io.chordmr.operator.dependent.TokenSecretDependent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the StatefulSet controller and the kubelet for one namespace of the mock API server: for
 * every StatefulSet it runs one real ChordMR node per replica, named like the pod, with a data
 * directory that outlives the pod (its volume claim); it writes the Pods and the StatefulSet's
 * status as Kubernetes would, and tells the operator's {@link NodeClient} where each pod's HTTP
 * API listens (on loopback: there is no pod DNS here).
 *
 * <p>Nodes run in this process ({@link #Kubelet}), or, with {@link #withProcesses}, as {@code
 * chordmr node} processes whose environment is the node container's {@code env} and {@code
 * envFrom} resolved against the namespace's Secrets and ConfigMaps, as a kubelet resolves them.
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Kubelet.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Path volumes;
    /** Running pods by name, as the StatefulSet controller would list them. */
    private final Map<String, KubeletPod> pods = new ConcurrentHashMap<>();
    private final boolean processes;
    private final Map<String, Boolean> podReady = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubelet");
        t.setDaemon(true);
        return t;
    });

    private record InProcessPod(ChordMrNode node) implements KubeletPod {
        @Override
        public int httpPort() {
            return node.httpPort();
        }

        @Override
        public Address address() {
            return node.address();
        }

        @Override
        public boolean member() {
            return node.ring().isMember();
        }

        @Override
        public void leave() {
            node.leave();
        }

        @Override
        public void kill() {
            node.close();
        }
    }

    /** Nodes in this process: tests reach them through {@link #pods()}. */
    public Kubelet(KubernetesClient client, String namespace) {
        this(client, namespace, false);
    }

    /** Nodes as {@code chordmr node} processes with the pod's environment, killed with SIGKILL. */
    public static Kubelet withProcesses(KubernetesClient client, String namespace) {
        return new Kubelet(client, namespace, true);
    }

    private Kubelet(KubernetesClient client, String namespace, boolean processes) {
        this.client = client;
        this.namespace = namespace;
        this.processes = processes;
        try {
            this.volumes = Files.createTempDirectory("chordmr-kubelet-" + namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop.scheduleWithFixedDelay(this::syncAll, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Where the operator reaches pod {@code ordinal} of a cluster: its node's HTTP port, or a closed port when it is not running. */
    public NodeClient.Addresses addresses() {
        return (cluster, ordinal) -> {
            KubeletPod n = cluster.getMetadata().getNamespace().equals(namespace)
                    ? pods.get(cluster.getMetadata().getName() + "-" + ordinal) : null;
            return URI.create("http://127.0.0.1:" + (n == null ? 1 : n.httpPort()));
        };
    }

    /** The running pods' nodes, by pod name (nodes in this process only). */
    public Map<String, ChordMrNode> pods() {
        if (processes) {
            throw new IllegalStateException("pods run as processes here: use podNames() and the pods' HTTP APIs");
        }
        Map<String, ChordMrNode> out = new TreeMap<>();
        pods.forEach((name, pod) -> out.put(name, ((InProcessPod) pod).node()));
        return out;
    }

    /** The running pods, by name. */
    public List<String> podNames() {
        return new TreeMap<>(pods).keySet().stream().toList();
    }

    /** Pod {@code name}'s node log (process pods only). */
    public Path log(String pod) {
        return volumes.resolve(pod + ".log");
    }

    /**
     * Crashes a pod: its node's sockets and threads close at once, as with {@code kill -9}. The
     * StatefulSet controller starts it again, with the same name and volume.
     */
    public void kill(String pod) {
        KubeletPod n = pods.remove(pod);
        Objects.requireNonNull(n, () -> "no running pod " + pod);
        podReady.remove(pod);
        n.kill();
        client.pods().inNamespace(namespace).withName(pod).delete();
        log.info("kubelet: killed pod {}", pod);
    }

    private void syncAll() {
        try {
            for (StatefulSet sts : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
                sync(sts);
            }
        } catch (RuntimeException e) {
            log.warn("kubelet: sync failed, retrying: {}", e.toString());
        }
    }

    private void sync(StatefulSet sts) {
        String name = sts.getMetadata().getName();
        int desired = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        ClusterToken token = token(sts);
        if (token == null) {
            return; // the pod cannot mount its Secret yet
        }
        for (int i = 0; i < desired; i++) {
            String pod = name + "-" + i;
            if (!pods.containsKey(pod)) {
                start(sts, pod, token);
            }
        }
        // Scale down from the highest ordinal; the preStop hook leaves the ring gracefully.
        for (int i = desired; pods.containsKey(name + "-" + i); i++) {
            String pod = name + "-" + i;
            KubeletPod n = pods.remove(pod);
            podReady.remove(pod);
            n.leave();
            client.pods().inNamespace(namespace).withName(pod).delete();
        }
        int running = 0;
        int ready = 0;
        for (int i = 0; pods.containsKey(name + "-" + i); i++) {
            String pod = name + "-" + i;
            running++;
            boolean member = pods.get(pod).member();
            ready += member ? 1 : 0;
            if (!Boolean.valueOf(member).equals(podReady.put(pod, member))) {
                writePod(sts, pod, member);
            }
        }
        var status = sts.getStatus();
        if (status == null || !Objects.equals(status.getReplicas(), running) || !Objects.equals(status.getReadyReplicas(), ready)) {
            sts.setStatus(new StatefulSetStatusBuilder().withReplicas(running).withReadyReplicas(ready).withCurrentReplicas(running)
                    .withAvailableReplicas(ready).withObservedGeneration(sts.getMetadata().getGeneration()).build());
            try {
                client.apps().statefulSets().inNamespace(namespace).resource(sts).updateStatus();
            } catch (KubernetesClientException e) {
                log.debug("kubelet: status of {} not written ({}); next round", name, e.getMessage());
            }
        }
    }

    private void start(StatefulSet sts, String pod, ClusterToken token) {
        // Pods join through the running pods, as the StatefulSet's --join names them by DNS.
        List<Address> peers = new ArrayList<>();
        pods.forEach((n, node) -> {
            if (n.startsWith(sts.getMetadata().getName() + "-")) {
                peers.add(node.address());
            }
        });
        Path data = volumes.resolve(pod);
        NodeTls.Pem tls = tls(sts, pod);
        if (tls == NO_TLS_YET) {
            return; // the pod cannot mount its TLS Secret yet
        }
        if (tls != null && processes) {
            throw new UnsupportedOperationException("the harness runs TLS pods in this JVM only");
        }
        KubeletPod node = processes ? PodProcess.start(pod, data, peers, token, environment(sts), log(pod))
                : new InProcessPod(ChordMrNode.start(NodeConfig.loopback(pod, data, peers, token).withTls(tls)));
        pods.put(pod, node);
        log.info("kubelet: started pod {} (ring port {}, http port {})", pod, node.address(), node.httpPort());
    }

    private static final NodeTls.Pem NO_TLS_YET = new NodeTls.Pem(Path.of("missing"), Path.of("missing"), Path.of("missing"));

    /**
     * The TLS files the pod would mount, written where its node reads them; null when the pod has
     * no TLS, {@link #NO_TLS_YET} while its Secret is missing.
     */
    private NodeTls.Pem tls(StatefulSet sts, String pod) {
        var tlsVolume = sts.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst();
        if (tlsVolume.isEmpty()) {
            return null;
        }
        Map<String, String> files = secretData(tlsVolume.get().getSecret().getSecretName());
        if (files.isEmpty()) {
            return NO_TLS_YET;
        }
        try {
            Path dir = Files.createDirectories(volumes.resolve(pod + "-tls"));
            for (var item : tlsVolume.get().getSecret().getItems()) {
                Files.writeString(dir.resolve(item.getPath()), files.get(item.getKey()));
            }
            return new NodeTls.Pem(dir.resolve(TlsSecretDependent.CERT), dir.resolve(TlsSecretDependent.KEY), dir.resolve(TlsSecretDependent.CA_CERT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node container's env and envFrom, resolved as a kubelet does (a missing Secret or key leaves the variable out). */
    private Map<String, String> environment(StatefulSet sts) {
        Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new TreeMap<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getSecretRef() != null) {
                secretData(from.getSecretRef().getName()).forEach((k, v) -> env.put(prefix + k, v));
            }
            if (from.getConfigMapRef() != null) {
                configMapData(from.getConfigMapRef().getName()).forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (EnvVar v : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            String value = v.getValue();
            if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                value = secretData(v.getValueFrom().getSecretKeyRef().getName()).get(v.getValueFrom().getSecretKeyRef().getKey());
            } else if (v.getValueFrom() != null && v.getValueFrom().getConfigMapKeyRef() != null) {
                value = configMapData(v.getValueFrom().getConfigMapKeyRef().getName()).get(v.getValueFrom().getConfigMapKeyRef().getKey());
            }
            if (value != null) {
                env.put(v.getName(), value);
            }
        }
        return env;
    }

    private Map<String, String> secretData(String name) {
        Secret s = client.secrets().inNamespace(namespace).withName(name).get();
        Map<String, String> out = new TreeMap<>();
        if (s != null && s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s != null && s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    private Map<String, String> configMapData(String name) {
        ConfigMap m = client.configMaps().inNamespace(namespace).withName(name).get();
        return m == null || m.getData() == null ? Map.of() : m.getData();
    }

    private void writePod(StatefulSet sts, String pod, boolean ready) {
        Pod p = new PodBuilder().withNewMetadata().withName(pod).withNamespace(namespace)
                .withLabels(sts.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(sts.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
        try {
            client.pods().inNamespace(namespace).resource(p).createOr(r -> r.update());
        } catch (KubernetesClientException e) {
            podReady.remove(pod); // write it again next round
        }
    }

    /** The cluster token the pods of StatefulSet {@code name} mount, or null before its Secret exists. */
    public String clusterToken(String name) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        ClusterToken t = sts == null ? null : token(sts);
        return t == null ? null : t.value();
    }

    private ClusterToken token(StatefulSet sts) {
        String secretName = sts.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null).map(v -> v.getSecret().getSecretName()).findFirst().orElse(null);
        Secret s = secretName == null ? null : client.secrets().inNamespace(namespace).withName(secretName).get();
        String token = s == null ? null : TokenSecretDependent.tokenOf(s);
        return token == null ? null : ClusterToken.of(token);
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pods.values().forEach(KubeletPod::kill);
        pods.clear();
        try (Stream<Path> files = Files.walk(volumes)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("kubelet: could not remove {}: {}", volumes, e.toString());
        }
    }
}
