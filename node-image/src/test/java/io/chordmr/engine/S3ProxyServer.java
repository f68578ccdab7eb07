package io.chordmr.engine;

import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy, a real S3 API server, on a free loopback port with a transient blob store and
 * credentials checked; it gives nodes in this JVM the endpoint and keys as the SDK's system
 * properties (a test cannot set environment variables), and the test a client of its own.
 *
 * <p>Node processes can each get an endpoint of their own over the same store ({@link
 * #endpoint(int)}), so a {@link Gate} knows which node made a call it holds.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS = "chordmr-test-access";
    public static final String SECRET = "s3cret-Key-0f9a8b7c6d";
    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region", "aws.endpointUrl");

    /** A call to the store: through which endpoint, which BlobStore method, for which key (null if none). */
    public record Call(int endpoint, String method, String key) {
    }

    /** Holds the first call it matches until released; every other call passes. */
    public static final class Gate {
        private final Predicate<Call> matches;
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile Call held;

        private Gate(Predicate<Call> matches) {
            this.matches = matches;
        }

        void pass(Call call) throws InterruptedException {
            boolean hold;
            synchronized (this) {
                hold = held == null && matches.test(call);
                if (hold) {
                    held = call;
                }
            }
            if (hold) {
                released.await(5, TimeUnit.MINUTES);
            }
        }

        /** The call held, once one came. */
        public Call awaitHeld(Duration atMost) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> held != null);
            return held;
        }

        public void release() {
            released.countDown();
        }
    }

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final S3Client client;
    private final Map<Integer, S3Proxy> extra = new ConcurrentHashMap<>();
    private volatile Gate gate;

    public S3ProxyServer(String... buckets) throws Exception {
        this(null, buckets);
    }

    /** @param dir where the objects live as files (jclouds' filesystem store), or null to keep them in memory */
    public S3ProxyServer(java.nio.file.Path dir, String... buckets) throws Exception {
        java.util.Properties props = new java.util.Properties();
        if (dir != null) {
            props.setProperty("jclouds.filesystem.basedir", dir.toString());
        }
        blobs = ContextBuilder.newBuilder(dir == null ? "transient" : "filesystem").credentials("identity", "credential").overrides(props)
                .build(BlobStoreContext.class);
        proxy = start(blobs.getBlobStore());
        System.setProperty("aws.accessKeyId", ACCESS);
        System.setProperty("aws.secretAccessKey", SECRET);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrl", endpoint());
        client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                .endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        for (String b : buckets) {
            client.createBucket(r -> r.bucket(b));
        }
    }

    private static S3Proxy start(BlobStore store) throws Exception {
        S3Proxy p = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        p.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(p.getState()));
        return p;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** An endpoint of its own for caller {@code label}, over the same store, whose calls a gate sees as theirs. */
    public String endpoint(int label) throws Exception {
        S3Proxy p = extra.get(label);
        if (p == null) {
            p = start(gated(blobs.getBlobStore(), label));
            extra.put(label, p);
        }
        return "http://127.0.0.1:" + p.getPort();
    }

    /** The system properties a node process needs to reach this server through endpoint {@code label}. */
    public List<String> jvmOptions(int label) throws Exception {
        return List.of("-Daws.accessKeyId=" + ACCESS, "-Daws.secretAccessKey=" + SECRET, "-Daws.region=us-east-1",
                "-Daws.endpointUrl=" + endpoint(label));
    }

    /** From now on, holds the first call through a labelled endpoint that {@code matches}. */
    public Gate hold(Predicate<Call> matches) {
        Gate g = new Gate(matches);
        gate = g;
        return g;
    }

    private BlobStore gated(BlobStore store, int label) {
        return (BlobStore) java.lang.reflect.Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
                (self, method, args) -> {
                    Gate g = gate;
                    if (g != null) {
                        g.pass(new Call(label, method.getName(), keyOf(args)));
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String keyOf(Object[] args) {
        if (args != null && args.length > 0 && args[0] instanceof MultipartUpload mpu) {
            return mpu.blobName();
        }
        return args != null && args.length > 1 && args[1] instanceof String key ? key : null;
    }

    public S3Client client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        Gate g = gate;
        if (g != null) {
            g.release();
        }
        client.close();
        for (S3Proxy p : new ArrayList<>(extra.values())) {
            p.stop();
        }
        proxy.stop();
        blobs.close();
        PROPERTIES.forEach(System::clearProperty);
    }
}
