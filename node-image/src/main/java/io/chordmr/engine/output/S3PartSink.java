package io.chordmr.engine.output;

import io.chordmr.engine.message.EngineMessages.OutputUpload;
import io.chordmr.engine.task.ChunkSink;
import java.io.ByteArrayOutputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A reduce attempt's output as an S3 multipart upload that it never completes: chunks are
 * gathered into parts of at least {@value S3Multipart#PART_BYTES} bytes, uploaded as they fill,
 * and {@link #finish} hands the upload to the coordinator, which completes the winning attempt's
 * at commit and aborts the others. Nothing is visible before that.
 */
public final class S3PartSink implements ChunkSink {

    private final S3Multipart upload;
    private final String where;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public S3PartSink(S3Client s3, String bucket, String key) {
        this.upload = new S3Multipart(s3, bucket, key);
        this.where = "s3://" + bucket + "/" + key;
    }

    @Override
    public synchronized String store(int index, byte[] chunk) {
        pending.writeBytes(chunk);
        if (pending.size() >= S3Multipart.PART_BYTES) {
            flushPart();
        }
        return where + "#" + index;
    }

    /** Uploads what is left as the last part; the upload stays open for the coordinator to complete or abort. */
    public synchronized OutputUpload finish() {
        if (pending.size() > 0) {
            flushPart();
        }
        return upload.handOff();
    }

    /** The attempt failed or was killed: its upload goes now (the job's clean-up would abort it anyway). */
    public synchronized void abort() {
        upload.abort();
    }

    private void flushPart() {
        upload.upload(pending.toByteArray());
        pending.reset();
    }
}
