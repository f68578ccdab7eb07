package io.chordmr.operator.harness;

import io.chordmr.net.Address;
import io.chordmr.net.ClusterToken;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.NodeConfig;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.dependent.TokenSecretDependent;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * every StatefulSet it runs one real ChordMR node per replica in this process, named like the
 * pod, with a data directory that outlives the pod (its volume claim); it writes the Pods and the
 * StatefulSet's status as Kubernetes would, and tells the operator's {@link NodeClient} where each
 * pod's HTTP API listens (on loopback: there is no pod DNS here).
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Kubelet.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Path volumes;
    /** Running pods by name, as the StatefulSet controller would list them. */
    private final Map<String, ChordMrNode> pods = new ConcurrentHashMap<>();
    private final Map<String, Boolean> podReady = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubelet");
        t.setDaemon(true);
        return t;
    });

    public Kubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
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
            ChordMrNode n = cluster.getMetadata().getNamespace().equals(namespace)
                    ? pods.get(cluster.getMetadata().getName() + "-" + ordinal) : null;
            return URI.create("http://127.0.0.1:" + (n == null ? 1 : n.httpPort()));
        };
    }

    /** The running pods' nodes, by pod name. */
    public Map<String, ChordMrNode> pods() {
        return new TreeMap<>(pods);
    }

    /**
     * Crashes a pod: its node's sockets and threads close at once, as with {@code kill -9}. The
     * StatefulSet controller starts it again, with the same name and volume.
     */
    public void kill(String pod) {
        ChordMrNode n = pods.remove(pod);
        Objects.requireNonNull(n, () -> "no running pod " + pod);
        podReady.remove(pod);
        n.close();
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
            ChordMrNode n = pods.remove(pod);
            podReady.remove(pod);
            n.leave();
            client.pods().inNamespace(namespace).withName(pod).delete();
        }
        int running = 0;
        int ready = 0;
        for (int i = 0; pods.containsKey(name + "-" + i); i++) {
            String pod = name + "-" + i;
            running++;
            boolean member = pods.get(pod).ring().isMember();
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
        ChordMrNode node = ChordMrNode.start(NodeConfig.loopback(pod, data, peers, token));
        pods.put(pod, node);
        log.info("kubelet: started pod {} (ring port {}, http port {})", pod, node.address(), node.httpPort());
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
        pods.values().forEach(ChordMrNode::close);
        pods.clear();
        try (Stream<Path> files = Files.walk(volumes)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("kubelet: could not remove {}: {}", volumes, e.toString());
        }
    }
}
