package io.chordmr.operator.harness;

import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.reconciler.MapReduceClusterReconciler;
import io.chordmr.operator.reconciler.MapReduceJobReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real operator against the mock API server, configured as the mock server needs it. */
public final class TestOperator {

    private TestOperator() {
    }

    /** The committed CRDs, so the mock server knows the status and scale subresources. */
    public static void installCrds(KubernetesClient client) {
        for (String f : List.of("mapreduceclusters.chordmr.io-v1.yml", "mapreducejobs.chordmr.io-v1.yml")) {
            try (InputStream in = new FileInputStream(Path.of("..", "crds", f).toFile())) {
                client.apiextensions().v1().customResourceDefinitions().load(in).createOr(r -> r.update());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Both reconcilers, started. The mock server refuses server-side apply, so it is off; the
     * client outlives the operator, so a test can restart it.
     */
    public static Operator start(KubernetesClient client, NodeClient nodes, Duration poll) {
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false).withCloseClientOnStop(false));
        operator.register(new MapReduceClusterReconciler(nodes));
        operator.register(new MapReduceJobReconciler(nodes, poll));
        operator.start();
        return operator;
    }
}
