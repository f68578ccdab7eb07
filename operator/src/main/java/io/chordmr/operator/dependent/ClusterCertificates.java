package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's CA and its nodes' certificate, as PEM text (EC P-256 keys, PKCS#8). The CA lives
 * five years; the node certificate 90 days and is renewed once less than a third of that is left,
 * or when it no longer names every host the nodes are reached by.
 */
final class ClusterCertificates {

    static final Duration CA_LIFETIME = Duration.ofDays(5 * 365);
    static final Duration NODE_LIFETIME = Duration.ofDays(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its key. */
    record Pem(String cert, String key) {
    }

    private ClusterCertificates() {
    }

    static Pem newCa(MapReduceCluster c, Instant now) {
        KeyPair key = ecKey();
        X500Name name = new X500Name("CN=chordmr-ca " + c.getMetadata().getNamespace() + "/" + c.getMetadata().getName());
        try {
            var b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(300)), Date.from(now.plus(CA_LIFETIME)), name,
                    key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Pem(pem(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))), pem(key.getPrivate()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the CA of MapReduceCluster " + c.getMetadata().getName(), e);
        }
    }

    /** The nodes' certificate, for server and client use on both ports, naming {@code dnsNames} and 127.0.0.1. */
    static Pem issueNodes(Pem ca, List<String> dnsNames, Instant now) {
        KeyPair key = ecKey();
        try {
            X509Certificate caCert = certificate(ca.cert());
            var b = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now.minusSeconds(300)), Date.from(now.plus(NODE_LIFETIME)),
                    new X500Name("CN=" + dnsNames.get(0)), key.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            return new Pem(pem(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(privateKey(ca.key())))), pem(key.getPrivate()));
        } catch (IOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot issue the nodes' certificate", e);
        }
    }

    /** Whether the certificate must be issued again: a third of its life or less left, or a name it lacks. */
    static boolean renewalDue(String certPem, List<String> dnsNames, Instant now) {
        try {
            X509Certificate c = certificate(certPem);
            Instant from = c.getNotBefore().toInstant();
            Instant until = c.getNotAfter().toInstant();
            Duration life = Duration.between(from, until);
            if (Duration.between(now, until).compareTo(life.dividedBy(3)) <= 0) {
                return true;
            }
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            List<String> named = new ArrayList<>();
            if (sans != null) {
                sans.forEach(s -> named.add(String.valueOf(s.get(1))));
            }
            return !named.containsAll(dnsNames);
        } catch (CertificateException | RuntimeException e) {
            return true; // unreadable: issue a good one
        }
    }

    static X509Certificate certificate(String pem) throws CertificateException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder h)) {
                throw new CertificateException("no certificate in the PEM text");
            }
            return new JcaX509CertificateConverter().getCertificate(h);
        } catch (IOException e) {
            throw new CertificateException(e);
        }
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new IOException("no PKCS#8 private key in the CA's key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
        }
        return out.toString();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
