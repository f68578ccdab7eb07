package io.chordmr.operator.crd;

import io.chordmr.manifest.JobSpec;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A MapReduce job on a {@link MapReduceCluster}; its spec is the manifest that {@code chordmr local} runs. */
@Group("chordmr.io")
@Version("v1alpha1")
@ShortNames("mrj")
@Plural("mapreducejobs")
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "PROGRESS", jsonPath = ".status.progress")
@AdditionalPrinterColumn(name = "MAPS", jsonPath = ".status.maps.summary")
@AdditionalPrinterColumn(name = "REDUCES", jsonPath = ".status.reduces.summary")
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MapReduceJob extends CustomResource<JobSpec, MapReduceJobStatus> implements Namespaced {
}
