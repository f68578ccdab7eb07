package io.chordmr.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS 1.3 for a node's two ports, from PEM files: its certificate (with the names peers and
 * clients reach it by), its PKCS#8 key, and the CA that signs every node's certificate. The ring
 * port is mutual (a peer must show a certificate of the CA, and is checked against the name it was
 * dialled by); the HTTP port shows the node's certificate, its callers authenticate with the token.
 * The files are read again when they change, so a renewed certificate is used by new connections
 * without a restart; a renewal that cannot be used is logged and the old one kept.
 */
public final class NodeTls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeTls.class);
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    /** Where the node's certificate, key and CA are. */
    public record Pem(Path cert, Path key, Path ca) {
        public Pem {
            Objects.requireNonNull(cert, "the certificate file");
            Objects.requireNonNull(key, "the key file");
            Objects.requireNonNull(ca, "the CA file");
        }
    }

    private record Contexts(SslContext ringServer, SslContext ringClient, SslContext httpServer, String stamp, Instant notAfter) {
    }

    private final Pem files;
    private final String node;
    private volatile Contexts contexts;
    /** The files as last refused, so that one bad renewal is logged once, not at every look. */
    private volatile String refused;
    private final ScheduledExecutorService watcher;

    private NodeTls(Pem files, String node, Contexts contexts, long reloadMillis) {
        this.files = files;
        this.node = node;
        this.contexts = contexts;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-reload-" + node);
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, reloadMillis, reloadMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the files and checks them, refusing to start on a certificate that is expired, not yet
     * valid, not signed by the CA, or a key that does not fit it.
     *
     * @param reloadMillis how often the files are looked at for a renewal
     */
    public static NodeTls load(Pem files, String node, long reloadMillis) {
        return new NodeTls(files, node, build(files), reloadMillis);
    }

    /** How often nodes look for renewed certificates: {@code chordmr.tls.reloadMillis}, 10 s by default. */
    public static long reloadMillisFromSystem() {
        return Long.getLong("chordmr.tls.reloadMillis", 10_000);
    }

    public SslHandler ringServer(ByteBufAllocator alloc) {
        return contexts.ringServer().newHandler(alloc);
    }

    /** A handler for dialling a peer by {@code host}, which its certificate must name. */
    public SslHandler ringClient(ByteBufAllocator alloc, String host, int port) {
        return contexts.ringClient().newHandler(alloc, host, port);
    }

    public SslHandler httpServer(ByteBufAllocator alloc) {
        return contexts.httpServer().newHandler(alloc);
    }

    /** Reads the files again if any changed since they were read; true when new contexts are in use. */
    boolean reloadIfChanged() {
        String now;
        try {
            now = stamp(files);
        } catch (IOException e) {
            log.error("tls: node={} keeps its current certificate: cannot look at its files: {}", node, e.getMessage());
            return false;
        }
        if (now.equals(contexts.stamp()) || now.equals(refused)) {
            return false;
        }
        try {
            contexts = build(files);
        } catch (TlsException e) {
            refused = now;
            log.error("tls: node={} keeps its current certificate: {}", node, e.getMessage());
            return false;
        }
        log.info("tls: node={} now uses the renewed certificate {} (valid until {})", node, files.cert(), contexts.notAfter());
        return true;
    }

    private static Contexts build(Pem f) {
        try {
            // Every file is read once and the check and the contexts are made of the same bytes: read
            // again for each, a renewal written meanwhile would be served without the check.
            Snapshot files = Snapshot.read(f);
            List<X509Certificate> chain = certificates(f.cert(), files.cert());
            List<X509Certificate> cas = certificates(f.ca(), files.ca());
            check(f.cert(), chain.get(0), cas);
            checkKey(f, chain.get(0), files.key());
            SslContext ringServer = SslContextBuilder.forServer(files.certIn(), files.keyIn()).trustManager(files.caIn())
                    .clientAuth(ClientAuth.REQUIRE).protocols(PROTOCOLS).build();
            SslContext ringClient = SslContextBuilder.forClient().keyManager(files.certIn(), files.keyIn())
                    .trustManager(files.caIn()).endpointIdentificationAlgorithm("HTTPS").protocols(PROTOCOLS).build();
            SslContext http = SslContextBuilder.forServer(files.certIn(), files.keyIn()).protocols(PROTOCOLS).build();
            return new Contexts(ringServer, ringClient, http, files.stamp(), chain.get(0).getNotAfter().toInstant());
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsException("cannot use the certificate " + f.cert() + " with the key " + f.key() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsException("cannot read the TLS files: " + e.getMessage(), e);
        }
    }

    /** The three files' bytes as one consistent read, and the stamp they had. */
    private record Snapshot(byte[] cert, byte[] key, byte[] ca, String stamp) {

        /** Reads until the stamp is the same before and after, so that no file was half rewritten. */
        static Snapshot read(Pem f) throws IOException {
            for (int tries = 0; ; tries++) {
                String before = NodeTls.stamp(f);
                Snapshot s = new Snapshot(Files.readAllBytes(f.cert()), Files.readAllBytes(f.key()), Files.readAllBytes(f.ca()), before);
                if (before.equals(NodeTls.stamp(f)) || tries == 4) {
                    return s;
                }
            }
        }

        InputStream certIn() {
            return new ByteArrayInputStream(cert);
        }

        InputStream keyIn() {
            return new ByteArrayInputStream(key);
        }

        InputStream caIn() {
            return new ByteArrayInputStream(ca);
        }
    }

    /**
     * The key must be the certificate's: a certificate renewed before its key is written (or the
     * other way round) would otherwise be served and fail every handshake until the next look.
     */
    private static void checkKey(Pem f, X509Certificate cert, byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new TlsException("the key " + f.key() + " is not a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
            PublicKey pub = cert.getPublicKey();
            PrivateKey key = KeyFactory.getInstance(pub.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
            String algorithm = pub.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + pub.getAlgorithm();
            byte[] probe = "chordmr key check".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(pub);
            verify.update(probe);
            if (!verify.verify(sign.sign())) {
                throw new TlsException("the key " + f.key() + " is not the key of the certificate " + f.cert());
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsException("the key " + f.key() + " does not fit the certificate " + f.cert() + ": " + e.getMessage(), e);
        }
    }

    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";

    /** An expired, early or foreign certificate is named with what is wrong, at start rather than at the first handshake. */
    private static void check(Path file, X509Certificate cert, List<X509Certificate> cas) {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new TlsException("the certificate " + file + " (" + cert.getSubjectX500Principal().getName() + ") expired at "
                    + cert.getNotAfter().toInstant() + "; renew it");
        } catch (CertificateNotYetValidException e) {
            throw new TlsException("the certificate " + file + " is not valid before " + cert.getNotBefore().toInstant());
        }
        for (X509Certificate ca : cas) {
            try {
                cert.verify(ca.getPublicKey());
                return;
            } catch (Exception notThisOne) {
                // try the next CA of the bundle
            }
        }
        throw new TlsException("the certificate " + file + " is not signed by the CA in the CA file (" + cert.getIssuerX500Principal().getName() + ")");
    }

    static List<X509Certificate> certificates(Path pem) throws IOException {
        return certificates(pem, Files.readAllBytes(pem));
    }

    private static List<X509Certificate> certificates(Path pem, byte[] bytes) throws IOException {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            List<X509Certificate> out = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (out.isEmpty()) {
                throw new TlsException(pem + " holds no certificate");
            }
            return out;
        } catch (CertificateException e) {
            throw new TlsException(pem + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** When and how large each file is: a renewal changes one of them. */
    private static String stamp(Pem f) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(f.cert(), f.key(), f.ca())) {
            b.append(Files.getLastModifiedTime(p).toMillis()).append('/').append(Files.size(p)).append(';');
        }
        return b.toString();
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    /** A TLS file that cannot be used, with what is wrong with it. */
    public static final class TlsException extends RuntimeException {
        TlsException(String message) {
            super(message);
        }

        TlsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
