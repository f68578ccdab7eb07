package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.SplitSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceClusterSpec;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.testjobs.GatedWordCountMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** What the operator's job tests build and read in their namespace: clusters, gated jobs, conditions, events, outputs. */
final class JobFixtures {

    private final KubernetesClient client;
    private final String ns;

    JobFixtures(KubernetesClient client, String ns) {
        this.client = client;
        this.ns = ns;
    }

    void createCluster(String name, int replicas) {
        MapReduceCluster c = new MapReduceCluster();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        c.setSpec(new MapReduceClusterSpec());
        c.getSpec().replicas = replicas;
        client.resource(c).create();
    }

    /** A word count whose maps stop at their tenth line while the gate is held; neither timed out nor backed up. */
    MapReduceJob gatedJob(String name, String cluster, List<String> lines) {
        JobSpec spec = new JobSpec();
        spec.setCluster(cluster);
        InputSpec in = new InputSpec();
        in.setLines(lines);
        spec.setInput(in);
        SplitSpec split = new SplitSpec();
        split.setRecords(30L);
        spec.setSplit(split);
        spec.setMapper(StepSpec.ofClass(GatedWordCountMapper.class.getName()));
        spec.setCombiner(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        spec.setReducer(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        spec.setReduces(3);
        // Held maps report no progress: neither time them out nor back them up.
        spec.setTaskTimeoutSeconds(3600);
        spec.setSpeculative(false);
        spec.getConfig().put("gate", GatedWordCountMapper.GATE.toString());
        MapReduceJob job = new MapReduceJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        job.setSpec(spec);
        return job;
    }

    MapReduceJob job(String name) {
        return client.resources(MapReduceJob.class).inNamespace(ns).withName(name).get();
    }

    MapReduceCluster cluster(String name) {
        return client.resources(MapReduceCluster.class).inNamespace(ns).withName(name).get();
    }

    List<Event> events(String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    List<String> eventReasons(String name) {
        return events(name).stream().map(Event::getReason).toList();
    }

    static Condition condition(MapReduceJob j, String type) {
        return Conditions.find(j.getStatus().conditions, type).orElseThrow(() -> new AssertionError("no condition " + type));
    }

    static String reason(MapReduceJob j, String type) {
        return j == null || j.getStatus() == null ? "" : Conditions.find(j.getStatus().conditions, type).map(Condition::getReason).orElse("");
    }

    static int percent(MapReduceJob j) {
        return j == null || j.getStatus() == null || j.getStatus().progress == null ? -1
                : Integer.parseInt(j.getStatus().progress.replace("%", ""));
    }

    /** A dataset's whole output as the node reads it, {@code key<TAB>count} lines as a map. */
    static Map<String, Long> readOutput(String dataset, ChordMrNode node) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        node.datasets().copyTo(node.datasets().meta(dataset), out);
        return parse(out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> m = new HashMap<>();
        for (String l : lines) {
            int tab = l.indexOf('\t');
            assertThat(m.put(l.substring(0, tab), Long.parseLong(l.substring(tab + 1)))).as("key %s twice", l).isNull();
        }
        return m;
    }

    /** The independent count: a plain single-threaded split on whitespace. */
    static Map<String, Long> count(List<String> lines) {
        Map<String, Long> m = new HashMap<>();
        for (String l : lines) {
            for (String w : l.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    m.merge(w, 1L, Long::sum);
                }
            }
        }
        return m;
    }

    /** Lines of skewed words: a few very common, many rare. */
    static List<String> corpus(int lines, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                b.append(w == 0 ? "" : " ").append("w").append(r.nextInt(r.nextInt(400) + 1));
            }
            out.add(b.toString());
        }
        return out;
    }
}
