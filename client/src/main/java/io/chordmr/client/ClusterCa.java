package io.chordmr.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
            return sslContext(in, "the CA file " + pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + pem, e);
        }
    }

    /** The same from the CA's certificates as PEM text (a Secret's {@code ca.crt}). */
    public static SSLContext sslContextOf(String pem, String where) {
        try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
            return sslContext(in, where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SSLContext sslContext(InputStream in, String where) throws IOException {
        try {
            Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new IllegalArgumentException(where + " holds no certificate");
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
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
