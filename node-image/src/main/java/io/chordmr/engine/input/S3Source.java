package io.chordmr.engine.input;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects behind {@code s3://bucket/key} URLs, through the AWS SDK with its standard
 * configuration: credentials from the environment ({@code AWS_ACCESS_KEY_ID}, ...), system
 * properties, web identity or the instance profile; the region from {@code AWS_REGION} (else
 * us-east-1); and {@code AWS_ENDPOINT_URL} (or {@code aws.endpointUrl}) for another S3 server,
 * addressed path-style as MinIO and Ceph want. A URL ending in {@code /} is every object under
 * that prefix, one with {@code *} or {@code ?} in its last segment a glob; names starting with
 * {@code _} or {@code .} are skipped there, as Hadoop's FileInputFormat skips them. Errors name
 * the URL and S3's answer, never a credential.
 */
public final class S3Source implements ObjectSource {

    /** The bucket, and the key or prefix, of an {@code s3://} URL. */
    public record Location(String bucket, String key) {

        /** The URL's parts, or a {@link UrlException} saying what is wrong with it. */
        public static Location of(String url) throws IOException {
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw UrlException.badUrl(url, "not a valid URL", e);
            }
            if (!"s3".equals(u.getScheme()) || u.getHost() == null || u.getHost().isEmpty()) {
                throw UrlException.badUrl(url, "not an s3://bucket/key URL", null);
            }
            String path = u.getPath() == null ? "" : u.getPath();
            return new Location(u.getHost(), path.startsWith("/") ? path.substring(1) : path);
        }

        String url(String key) {
            return "s3://" + bucket + "/" + key;
        }
    }

    @Override
    public List<InputObject> list(String url) throws IOException {
        Location loc = Location.of(url);
        int wildcard = firstWildcard(loc.key());
        if (!loc.key().isEmpty() && !loc.key().endsWith("/") && wildcard < 0) {
            return List.of(head(url, loc));
        }
        String prefix = wildcard < 0 ? loc.key() : loc.key().substring(0, wildcard);
        Pattern glob = wildcard < 0 ? null : glob(loc.key());
        List<InputObject> out = new ArrayList<>();
        try {
            for (S3Object o : client().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(loc.bucket()).prefix(prefix).build())
                    .contents()) {
                String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                if (o.key().endsWith("/") || name.startsWith("_") || name.startsWith(".")) {
                    continue; // directory markers, _SUCCESS and the like, hidden files
                }
                if (glob != null && !glob.matcher(o.key()).matches()) {
                    continue;
                }
                out.add(new InputObject(loc.url(o.key()), o.size(), o.size() > 0, o.key().endsWith(".gz")));
            }
        } catch (SdkException e) {
            throw failure(url, "cannot list", e);
        }
        return out;
    }

    private InputObject head(String url, Location loc) throws IOException {
        try {
            HeadObjectResponse h = client().headObject(b -> b.bucket(loc.bucket()).key(loc.key()));
            return new InputObject(url, h.contentLength(), h.contentLength() > 0, loc.key().endsWith(".gz"));
        } catch (SdkException e) {
            throw failure(url, "cannot read", e);
        }
    }

    @Override
    public InputStream open(String url, long start) throws IOException {
        Location loc = Location.of(url);
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(loc.bucket()).key(loc.key());
        if (start > 0) {
            req.range("bytes=" + start + "-");
        }
        try {
            return client().getObject(req.build());
        } catch (SdkException e) {
            throw failure(url, "cannot read", e);
        }
    }

    /** An SDK failure as an I/O error naming the URL and S3's status and code, never a credential. */
    public static UrlException failure(String url, String what, SdkException e) {
        String why;
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            why = s3.statusCode() + " " + s3.awsErrorDetails().errorCode() + ": " + s3.awsErrorDetails().errorMessage();
        } else {
            why = e.getMessage();
        }
        return UrlException.failed(url, what + ": " + why, e);
    }

    private static int firstWildcard(String key) {
        int star = key.indexOf('*');
        int q = key.indexOf('?');
        return star < 0 ? q : q < 0 ? star : Math.min(star, q);
    }

    /** {@code *} is any run of characters but {@code /}, {@code ?} one such character. */
    static Pattern glob(String key) {
        StringBuilder re = new StringBuilder();
        for (char c : key.toCharArray()) {
            re.append(c == '*' ? "[^/]*" : c == '?' ? "[^/]" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private final Supplier<S3Client> client;

    /** Through the node's shared client. */
    public S3Source() {
        this(S3Clients::shared);
    }

    public S3Source(Supplier<S3Client> client) {
        this.client = client;
    }

    private S3Client client() {
        return client.get();
    }

}
