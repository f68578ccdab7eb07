package io.chordmr.engine.output;

import io.chordmr.engine.message.EngineMessages.OutputUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes one S3 object of any length as a multipart upload, a part at a time, so at most one part
 * is in memory; {@link #close} makes it visible, {@link #handOff} leaves that to another, {@link
 * #abort} (or a failed close) leaves nothing.
 */
public final class S3ObjectOutputStream extends OutputStream {

    private final S3Multipart upload;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean closed;

    public S3ObjectOutputStream(S3Client s3, String bucket, String key) {
        this.upload = new S3Multipart(s3, bucket, key);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, S3Multipart.PART_BYTES - pending.size());
            pending.write(b, off, n);
            off += n;
            len -= n;
            if (pending.size() == S3Multipart.PART_BYTES) {
                flushPart();
            }
        }
    }

    private void flushPart() throws IOException {
        try {
            upload.upload(pending.toByteArray());
        } catch (SdkException e) {
            abort();
            throw new IOException(e.getMessage(), e);
        }
        pending.reset();
    }

    /** Completes the upload: the object appears whole (an empty one if nothing was written). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!upload.started()) {
                // Small enough for one request: no multipart upload at all.
                upload.putWhole(pending.toByteArray());
                return;
            }
            if (pending.size() > 0) {
                flushPart();
            }
            upload.complete();
        } catch (SdkException e) {
            upload.abort();
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Uploads what is left as the last part and leaves the upload open, for someone else to
     * complete or abort (a reduce attempt's part, which only the coordinator may make visible).
     */
    public OutputUpload handOff() throws IOException {
        closed = true;
        if (pending.size() > 0) {
            flushPart();
        }
        return upload.handOff();
    }

    /** Gives up: nothing becomes visible. */
    public void abort() {
        closed = true;
        upload.abort();
    }
}
