package io.chordmr.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority for tests, and the node certificates it signs, as PEM files (BouncyCastle makes them). */
public final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair key;
    private final X500Name name;
    private final X509CertificateHolder cert;
    private final Path file;

    private TestCa(String cn, Path file) {
        this.key = ecKey();
        this.name = new X500Name("CN=" + cn);
        this.file = file;
        try {
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(Duration.ofDays(365))), name, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.cert = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            pem(file, List.of(cert));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test CA", e);
        }
    }

    /** A new CA, its certificate written to {@code dir/<cn>.pem}. */
    public static TestCa create(Path dir, String cn) {
        return new TestCa(cn, dir.resolve(cn + ".pem"));
    }

    public Path certFile() {
        return file;
    }

    /** A node certificate for 127.0.0.1 and localhost, valid from a minute ago for a day. */
    public NodeTls.Pem issue(Path dir, String cn) {
        Instant now = Instant.now();
        return issue(dir, cn, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    }

    /** A node certificate for 127.0.0.1 and localhost over the given validity, as {@code dir/<cn>.crt} and {@code .key}. */
    public NodeTls.Pem issue(Path dir, String cn, Instant from, Instant until) {
        try {
            KeyPair k = ecKey();
            long serial = SERIAL.incrementAndGet();
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial), Date.from(from), Date.from(until),
                    new X500Name("CN=" + cn), k.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509CertificateHolder c = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            Path crt = dir.resolve(cn + ".crt");
            Path keyFile = dir.resolve(cn + ".key");
            // Written beside, then moved: a node reloading mid-write must see the old files or the new, whole.
            pem(dir.resolve(cn + ".crt.tmp"), List.of(c));
            pem(dir.resolve(cn + ".key.tmp"), List.of(new JcaPKCS8Generator(k.getPrivate(), null)));
            Files.move(dir.resolve(cn + ".key.tmp"), keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(dir.resolve(cn + ".crt.tmp"), crt, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new NodeTls.Pem(crt, keyFile, file);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + cn, e);
        }
    }

    /** The serial number of the certificate in a PEM file. */
    public static BigInteger serialOf(Path crt) {
        try {
            return NodeTls.certificates(crt).get(0).getSerialNumber();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pem(Path file, List<?> objects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pw = new JcaPEMWriter(w)) {
            for (Object o : new ArrayList<>(objects)) {
                pw.writeObject(o);
            }
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
