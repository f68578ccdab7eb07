package io.chordmr.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterCertificatesTest {

    private static MapReduceCluster cluster() {
        MapReduceCluster c = new MapReduceCluster();
        c.setMetadata(new ObjectMetaBuilder().withName("ring").withNamespace("team").build());
        return c;
    }

    @Test
    void theNodeCertificateIsSignedByTheCaForBothEndsAndNamesEveryHost() throws Exception {
        Instant now = Instant.now();
        List<String> names = TlsSecretDependent.dnsNames(cluster());
        ClusterCertificates.Pem ca = ClusterCertificates.newCa(cluster(), now);
        ClusterCertificates.Pem node = ClusterCertificates.issueNodes(ca, names, now);
        X509Certificate caCert = ClusterCertificates.certificate(ca.cert());
        X509Certificate cert = ClusterCertificates.certificate(node.cert());
        cert.verify(caCert.getPublicKey());
        assertThat(caCert.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"); // server and client auth
        assertThat(cert.getSubjectAlternativeNames()).extracting(n -> String.valueOf(n.get(1)))
                .containsAll(names).contains("127.0.0.1", "*.ring-ring.team.svc");
        assertThat(node.key()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void renewalIsDueWithAThirdOfTheLifeLeftOrANameMissingAndNotBefore() {
        Instant now = Instant.now();
        List<String> names = TlsSecretDependent.dnsNames(cluster());
        ClusterCertificates.Pem ca = ClusterCertificates.newCa(cluster(), now);
        Duration life = ClusterCertificates.NODE_LIFETIME;
        assertThat(ClusterCertificates.renewalDue(ClusterCertificates.issueNodes(ca, names, now).cert(), names, now)).isFalse();
        String older = ClusterCertificates.issueNodes(ca, names, now.minus(life.dividedBy(2))).cert();
        assertThat(ClusterCertificates.renewalDue(older, names, now)).as("half its life left").isFalse();
        String old = ClusterCertificates.issueNodes(ca, names, now.minus(life.multipliedBy(7).dividedBy(10))).cert();
        assertThat(ClusterCertificates.renewalDue(old, names, now)).as("under a third left").isTrue();
        String narrow = ClusterCertificates.issueNodes(ca, List.of("localhost"), now).cert();
        assertThat(ClusterCertificates.renewalDue(narrow, names, now)).as("names missing").isTrue();
        assertThat(ClusterCertificates.renewalDue("not a certificate", names, now)).isTrue();
    }
}
