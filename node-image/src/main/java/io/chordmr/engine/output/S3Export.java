package io.chordmr.engine.output;

import io.chordmr.engine.input.S3Clients;
import io.chordmr.engine.input.S3Source;
import io.chordmr.engine.input.Urls;
import java.io.IOException;
import java.io.OutputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bytes written to one S3 object, whole or not at all, with errors that name the URL and never a credential. */
public final class S3Export {

    /** What writes the bytes. */
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final S3Client s3;
    private final String url;
    private final String bucket;
    private final String key;

    private S3Export(S3Client s3, String url, String bucket, String key) {
        this.s3 = s3;
        this.url = url;
        this.bucket = bucket;
        this.key = key;
    }

    /** An export to {@code s3://bucket/key}; a URL that names no object (a bucket, a prefix) is refused. */
    public static S3Export to(String url) throws IOException {
        S3Source.Location at = S3Source.Location.of(url);
        if (at.key().isEmpty() || at.key().endsWith("/")) {
            throw new IllegalArgumentException("'" + Urls.shown(url) + "' names no object: give s3://bucket/key");
        }
        return new S3Export(S3Clients.shared(), url, at.bucket(), at.key());
    }

    public String url() {
        return url;
    }

    public boolean exists() throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                return false;
            }
            throw S3Source.failure(url, "cannot look at the object", e);
        } catch (SdkException e) {
            throw S3Source.failure(url, "cannot look at the object", e);
        }
    }

    /** Writes the object; if {@code writer} or S3 fails, the upload is aborted and the exception names the URL. */
    public void write(Writer writer) throws IOException {
        S3ObjectOutputStream out = new S3ObjectOutputStream(s3, bucket, key);
        try {
            writer.writeTo(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            out.abort();
            SdkException sdk = cause(e);
            if (sdk != null) {
                throw S3Source.failure(url, "cannot write", sdk);
            }
            throw e;
        }
    }

    private static SdkException cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SdkException s) {
                return s;
            }
        }
        return null;
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
