package io.chordmr.engine.output;

import io.chordmr.engine.message.EngineMessages.OutputUpload;
import io.chordmr.engine.task.ChunkSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A reduce attempt's output as an S3 multipart upload that it never completes: chunks go into an
 * {@link S3ObjectOutputStream}, uploaded a part at a time as they fill, and {@link #finish} hands
 * the upload to the coordinator, which completes the winning attempt's at commit and aborts the
 * others. Nothing is visible before that.
 */
public final class S3PartSink implements ChunkSink {

    private final S3ObjectOutputStream out;
    private final String where;

    public S3PartSink(S3Client s3, String bucket, String key) {
        this.out = new S3ObjectOutputStream(s3, bucket, key);
        this.where = "s3://" + bucket + "/" + key;
    }

    @Override
    public synchronized String store(int index, byte[] chunk) {
        try {
            out.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return where + "#" + index;
    }

    /** Uploads what is left as the last part; the upload stays open for the coordinator to complete or abort. */
    public synchronized OutputUpload finish() {
        try {
            return out.handOff();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The attempt failed or was killed: its upload goes now (the job's clean-up would abort it anyway). */
    public synchronized void abort() {
        out.abort();
    }
}
