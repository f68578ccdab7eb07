package io.chordmr.engine.output;

import io.chordmr.engine.message.EngineMessages.OutputUpload;
import io.chordmr.engine.message.EngineMessages.UploadedPart;
import io.chordmr.engine.task.ChunkSink;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A reduce attempt's output as an S3 multipart upload that it never completes: chunks are
 * gathered into parts of at least {@value #PART_BYTES} bytes (S3 wants 5 MiB but for the last),
 * uploaded as they fill, and {@link #finish} hands the upload to the coordinator, which completes
 * the winning attempt's at commit and aborts the others. Nothing is visible before that.
 */
public final class S3PartSink implements ChunkSink {

    static final int PART_BYTES = 8 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<UploadedPart> parts = new ArrayList<>();
    private String uploadId;

    public S3PartSink(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    @Override
    public synchronized String store(int index, byte[] chunk) {
        pending.writeBytes(chunk);
        if (pending.size() >= PART_BYTES) {
            upload();
        }
        return "s3://" + bucket + "/" + key + "#" + index;
    }

    /** Uploads what is left as the last part; the upload stays open for the coordinator to complete or abort. */
    public synchronized OutputUpload finish() {
        if (pending.size() > 0) {
            upload();
        }
        return new OutputUpload(bucket, key, uploadId, List.copyOf(parts));
    }

    /** The attempt failed or was killed: its upload goes now (the job's clean-up would abort it anyway). */
    public synchronized void abort() {
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException e) {
                // the job's clean-up aborts every upload left open under its prefix
            }
        }
    }

    private void upload() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        }
        int number = parts.size() + 1;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(pending.toByteArray())).eTag();
        parts.add(new UploadedPart(number, etag));
        pending.reset();
    }
}
