package io.chordmr.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A ring of ChordMR nodes: a StatefulSet with a volume per node, scalable with {@code kubectl scale}. */
@Group("chordmr.io")
@Version("v1alpha1")
@ShortNames("mrc")
@Plural("mapreduceclusters")
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "REPLICAS", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "RING", jsonPath = ".status.ring")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MapReduceCluster extends CustomResource<MapReduceClusterSpec, MapReduceClusterStatus> implements Namespaced {
}
