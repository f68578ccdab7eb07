package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import java.util.Map;

/** Names and labels of the objects a {@link MapReduceCluster} owns. */
public final class ClusterNames {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by=chordmr-operator";
    /** The two Secrets get informers of their own, so that neither sees the other's (no ambiguity about which is whose). */
    public static final String TOKEN_SECRETS = MANAGED_BY + ",app.kubernetes.io/component=token";
    public static final String TLS_SECRETS = MANAGED_BY + ",app.kubernetes.io/component=tls";
    public static final int RING_PORT = 7400;
    public static final int HTTP_PORT = 7480;

    private ClusterNames() {
    }

    /** The StatefulSet, the PodDisruptionBudget and the client Service share the cluster's name. */
    public static String nodes(MapReduceCluster c) {
        return c.getMetadata().getName();
    }

    /** The headless Service that gives every pod its stable DNS name. */
    public static String ring(MapReduceCluster c) {
        return c.getMetadata().getName() + "-ring";
    }

    /** The Secret with the cluster's CA and its nodes' certificate. */
    public static String tls(MapReduceCluster c) {
        return c.getMetadata().getName() + "-tls";
    }

    public static String token(MapReduceCluster c) {
        return c.getMetadata().getName() + "-token";
    }

    /** Labels that select the cluster's pods. */
    public static Map<String, String> selector(MapReduceCluster c) {
        return Map.of("app.kubernetes.io/name", "chordmr", "app.kubernetes.io/instance", c.getMetadata().getName());
    }

    /** Labels every owned object carries; informers select on managed-by. */
    public static Map<String, String> labels(MapReduceCluster c, String component) {
        return Map.of("app.kubernetes.io/name", "chordmr", "app.kubernetes.io/instance", c.getMetadata().getName(),
                "app.kubernetes.io/managed-by", "chordmr-operator", "app.kubernetes.io/component", component);
    }

    /** The selector in the string form the scale subresource reports. */
    public static String selectorString(MapReduceCluster c) {
        return "app.kubernetes.io/instance=" + c.getMetadata().getName() + ",app.kubernetes.io/name=chordmr";
    }
}
