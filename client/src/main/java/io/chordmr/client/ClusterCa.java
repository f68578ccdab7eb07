package io.chordmr.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust in a ring's CA alone, for clients of nodes that serve TLS: a node's certificate must be
 * signed by it and name the host the client dialled. The JDK's own trust store is not consulted,
 * so no other CA can vouch for a node.
 */
public final class ClusterCa {

    private ClusterCa() {
    }

    /** An SSL context for TLS 1.3 that trusts the certificates in {@code pem} and nothing else. */
    public static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("the CA file " + pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : cas) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA file " + pem + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
