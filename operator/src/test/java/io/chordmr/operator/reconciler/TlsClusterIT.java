package io.chordmr.operator.reconciler;

import static io.chordmr.operator.reconciler.JobFixtures.corpus;
import static io.chordmr.operator.reconciler.JobFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.ClusterTls;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.dependent.SecretData;
import io.chordmr.operator.dependent.TlsSecretDependent;
import io.chordmr.operator.harness.Kubelet;
import io.chordmr.operator.harness.TestOperator;
import io.chordmr.operator.testjobs.GatedWordCountMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** spec.tls: the operator makes the cluster's CA and the nodes' certificate, the nodes speak only TLS, and a job runs over it. */
@EnableKubernetesMockClient(crud = true)
class TlsClusterIT {

    private static final Duration LONG = Duration.ofSeconds(180);
    private static final String NS = "tls";
    static KubernetesClient client;

    private JobFixtures fx;
    private Kubelet kubelet;
    private Operator operator;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() {
        GatedWordCountMapper.open();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        fx = new JobFixtures(client, NS);
        TestOperator.installCrds(client);
        kubelet = new Kubelet(client, NS);
        operator = TestOperator.start(client, new NodeClient(kubelet.addresses()), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (operator != null) {
            operator.stop();
        }
        kubelet.close();
    }

    @Test
    void aTlsClusterGetsItsCaAndCertificateAndRunsAJobOverTls() throws Exception {
        MapReduceCluster c = new MapReduceCluster();
        c.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("sealed").withNamespace(NS).build());
        c.setSpec(new io.chordmr.operator.crd.MapReduceClusterSpec());
        c.getSpec().replicas = 3;
        c.getSpec().tls = new ClusterTls();
        c.getSpec().tls.enabled = true;
        client.resource(c).create();
        await().atMost(LONG).until(() -> fx.cluster("sealed").getStatus() != null
                && Conditions.isTrue(fx.cluster("sealed").getStatus().conditions, "Ready") && kubelet.pods().size() == 3);

        Secret tls = client.secrets().inNamespace(NS).withName("sealed-tls").get();
        X509Certificate ca = cert(SecretData.value(tls, TlsSecretDependent.CA_CERT));
        X509Certificate node = cert(SecretData.value(tls, TlsSecretDependent.CERT));
        node.verify(ca.getPublicKey());
        List<String> names = new ArrayList<>();
        node.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
        assertThat(names).contains("*.sealed-ring.tls.svc", "sealed.tls.svc", "localhost", "127.0.0.1");
        // The pods mount the certificates and the CA, never the CA's key.
        StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName("sealed").get();
        var pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tls")).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getItems()).extracting(i -> i.getKey())
                        .containsExactlyInAnyOrder("tls.crt", "tls.key", "ca.crt"));
        var container = pod.getContainers().get(0);
        assertThat(container.getArgs()).contains("--tls-cert", "--tls-key", "--tls-ca");
        assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(container.getLifecycle().getPreStop().getExec().getCommand()).contains("--ca-file");

        // The nodes speak only TLS, so the operator reaching them and the job's success mean it went over TLS.
        List<String> lines = corpus(300, 5);
        client.resource(fx.gatedJob("over-tls", "sealed", lines)).create();
        await().atMost(LONG).until(() -> {
            MapReduceJob j = fx.job("over-tls");
            return j != null && j.getStatus() != null && Phase.of(j.getStatus().phase).ended();
        });
        MapReduceJob done = fx.job("over-tls");
        assertThat(done.getStatus().phase).as(done.getStatus().message).isEqualTo("Succeeded");
        assertThat(JobFixtures.readOutput(done.getStatus().output.dataset, kubelet.pods().values().iterator().next())).isEqualTo(count(lines));

        // A reconcile keeps the CA and the certificate: nothing is issued again while they are good.
        String firstCert = SecretData.value(tls, TlsSecretDependent.CERT);
        MapReduceCluster edited = fx.cluster("sealed");
        edited.getMetadata().getLabels().put("touched", "yes");
        client.resource(edited).update();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> firstCert.equals(
                SecretData.value(client.secrets().inNamespace(NS).withName("sealed-tls").get(), TlsSecretDependent.CERT)));

        String caKey = SecretData.value(tls, TlsSecretDependent.CA_KEY);
        String keyBody = caKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(logs.list).as("operator and node logs").noneMatch(e -> e.getFormattedMessage().contains(keyBody)
                || e.getFormattedMessage().contains("PRIVATE KEY"));

        // Turned off: the pods lose their TLS flags and the Secret with the CA goes.
        MapReduceCluster off = fx.cluster("sealed");
        off.getSpec().tls.enabled = false;
        client.resource(off).update();
        await().atMost(LONG).until(() -> client.secrets().inNamespace(NS).withName("sealed-tls").get() == null
                && !client.apps().statefulSets().inNamespace(NS).withName("sealed").get().getSpec().getTemplate().getSpec()
                        .getContainers().get(0).getArgs().contains("--tls-cert"));
    }

    private static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
