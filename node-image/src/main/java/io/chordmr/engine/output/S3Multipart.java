package io.chordmr.engine.output;

import io.chordmr.engine.message.EngineMessages.OutputUpload;
import io.chordmr.engine.message.EngineMessages.UploadedPart;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object's multipart upload: started with its first part, parts numbered in order, then
 * completed here, handed to someone else to complete ({@link #handOff}), or aborted.
 */
final class S3Multipart {

    /** S3 wants at least 5 MiB a part but for the last; 8 MiB keeps 10,000 parts above 78 GiB. */
    static final int PART_BYTES = 8 << 20;
    /** Where S3 calls run, so that an interrupt of the writer never cuts one short (see uninterruptibly). */
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "s3-upload");
        t.setDaemon(true);
        return t;
    });

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final List<UploadedPart> parts = new ArrayList<>();
    private String uploadId;
    /** Once aborted, never started again: a writer still sending when its attempt was killed must not open a new upload. */
    private boolean aborted;

    S3Multipart(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    synchronized void upload(byte[] part) {
        checkNotAborted();
        if (uploadId == null) {
            uploadId = uninterruptibly(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
        }
        int number = parts.size() + 1;
        String etag = uninterruptibly(() -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(part)).eTag());
        parts.add(new UploadedPart(number, etag));
    }

    private void checkNotAborted() {
        if (aborted) {
            throw new IllegalStateException("the upload of s3://" + bucket + "/" + key + " was aborted");
        }
    }

    /**
     * Runs an S3 call to its end even when the calling thread is interrupted (a killed attempt's is):
     * an interrupt that cut a create short would leave an upload open on the server whose id this
     * side never learned, so no one could abort it. The interrupt is kept for the caller to see.
     */
    private static <T> T uninterruptibly(Supplier<T> call) {
        Future<T> f = CALLS.submit(call::get);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean started() {
        return uploadId != null;
    }

    /** The upload as it stands, left open for whoever completes or aborts it. */
    OutputUpload handOff() {
        return new OutputUpload(bucket, key, uploadId, List.copyOf(parts));
    }

    /** Makes the object visible, whole. */
    void complete() {
        complete(s3, handOff());
    }

    /** Writes the object in one request instead, for what never filled a part. */
    synchronized void putWhole(byte[] bytes) {
        checkNotAborted();
        uninterruptibly(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
    }

    static void complete(S3Client s3, OutputUpload up) {
        List<CompletedPart> done = up.parts().stream().map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build())
                .toList();
        s3.completeMultipartUpload(b -> b.bucket(up.bucket()).key(up.key()).uploadId(up.uploadId()).multipartUpload(m -> m.parts(done)));
    }

    /**
     * The ETag S3 gives the completed object: the MD5 of the parts' MD5s, a dash, the part count;
     * null when a part's ETag is not an MD5 (as with SSE-KMS).
     */
    static String completedETag(List<UploadedPart> parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (UploadedPart p : parts) {
                String hex = p.etag().replace("\"", "");
                if (!hex.matches("[0-9a-fA-F]{32}")) {
                    return null;
                }
                md5.update(HexFormat.of().parseHex(hex));
            }
            return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** Drops what was uploaded; best effort (whoever lists the prefix's open uploads later aborts what is left). */
    synchronized void abort() {
        aborted = true;
        if (uploadId != null) {
            try {
                // A killed attempt's thread aborts with its interrupt set: the call runs elsewhere, to its end.
                uninterruptibly(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
            } catch (RuntimeException e) {
                // left for a later clean-up
            }
        }
    }
}
