package io.chordmr.engine.input;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The node's S3 client, made on first use with the SDK's standard configuration: the
 * credentials chain (environment, system properties, web identity, instance profile), the region
 * from {@code AWS_REGION} or else us-east-1, and {@code AWS_ENDPOINT_URL} (or {@code
 * aws.endpointUrl}) for another S3 server, addressed path-style as MinIO and Ceph want.
 */
public final class S3Clients {

    private record Made(String endpoint, S3Client client) {
    }

    private static volatile Made shared;

    private S3Clients() {
    }

    /** The client for the endpoint configured now; made again only if that setting changed (tests start servers on new ports). */
    public static S3Client shared() {
        String endpoint = setting("AWS_ENDPOINT_URL", "aws.endpointUrl");
        Made m = shared;
        if (m == null || !java.util.Objects.equals(m.endpoint(), endpoint)) {
            synchronized (S3Clients.class) {
                m = shared;
                if (m == null || !java.util.Objects.equals(m.endpoint(), endpoint)) {
                    m = new Made(endpoint, build());
                    shared = m;
                }
            }
        }
        return m.client();
    }

    /** A client made now, from the configuration as it is now. */
    public static S3Client build() {
        S3ClientBuilder b = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build()).region(region());
        String endpoint = setting("AWS_ENDPOINT_URL", "aws.endpointUrl");
        if (endpoint != null) {
            // S3-compatible servers (MinIO, Ceph, S3Proxy) may not know the SDK's newer default checksums.
            b.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1; // S3 answers for every region's buckets from there
        }
    }

    private static String setting(String env, String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }
}
