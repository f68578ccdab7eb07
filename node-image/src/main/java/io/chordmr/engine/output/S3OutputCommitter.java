package io.chordmr.engine.output;

import io.chordmr.engine.input.S3Source;
import io.chordmr.engine.input.Urls;
import io.chordmr.engine.message.EngineMessages.OutputUpload;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A job's output under {@code s3://bucket/prefix/}, the way Hadoop's S3A magic committer writes:
 * each reduce attempt's {@code part-r-NNNNN} is a multipart upload it leaves open; the commit
 * completes the winning attempt's upload of every partition, in order, then writes {@code
 * _SUCCESS}; clean-up aborts every other upload left open under the prefix (a failed or
 * cancelled job's all of them), so no partial or duplicate part is ever visible.
 */
public final class S3OutputCommitter implements OutputCommitter {

    private static final Logger log = LoggerFactory.getLogger(S3OutputCommitter.class);
    public static final String SUCCESS = "_SUCCESS";
    /** When clean-up sweeps the prefix again, in seconds after the first sweep. */
    static final long[] SWEEP_AGAIN_SECONDS = {5, 20};
    static final long LATE_UPLOAD_SECONDS = 10;
    private static final ScheduledExecutorService SWEEPS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "s3-sweeps");
        t.setDaemon(true);
        return t;
    });

    /** Where output goes: a bucket, and a key prefix ending in {@code /} (or empty, the bucket's root). */
    public record Target(String bucket, String prefix) {

        public static Target of(String url) {
            String rest = url.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix += "/";
            }
            return new Target(bucket, prefix);
        }

        public String partKey(int partition) {
            return prefix + String.format("part-r-%05d", partition);
        }

        public String url() {
            return "s3://" + bucket + "/" + prefix;
        }

        /** One of the two prefixes holds the other: their jobs would write and clean up each other's keys. */
        public boolean overlaps(Target other) {
            return bucket.equals(other.bucket) && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix));
        }
    }

    private final S3Client s3;
    private final String jobId;
    private final Target target;
    private final boolean overwrite;

    public S3OutputCommitter(S3Client s3, String jobId, String url, boolean overwrite) {
        this.s3 = s3;
        this.jobId = jobId;
        this.target = Target.of(url);
        this.overwrite = overwrite;
    }

    /**
     * What stops a job writing under {@code url}, as a spec problem: a prefix that already holds
     * objects (unless overwrite, as Hadoop refuses an existing output directory), or one that
     * cannot be listed (no such bucket, no access).
     */
    public static Optional<String> problem(S3Client s3, String url, boolean overwrite) {
        Target t = Target.of(url);
        try {
            List<S3Object> found = s3.listObjectsV2(b -> b.bucket(t.bucket()).prefix(t.prefix()).maxKeys(1)).contents();
            if (!found.isEmpty() && !overwrite) {
                return Optional.of("spec.output.url: " + Urls.shown(t.url()) + " already holds objects (" + found.get(0).key()
                        + ", ...); remove them, choose another prefix, or set spec.output.overwrite: true");
            }
            return Optional.empty();
        } catch (SdkException e) {
            return Optional.of("spec.output.url: " + S3Source.failure(t.url(), "cannot list", e).getMessage());
        }
    }

    @Override
    public long commit(List<Partition> partitions) {
        Set<String> written = new HashSet<>();
        long records = 0;
        for (int i = 0; i < partitions.size(); i++) {
            OutputUpload up = partitions.get(i).upload();
            String key = target.partKey(i);
            if (up == null || up.uploadId() == null) {
                s3.putObject(b -> b.bucket(target.bucket()).key(key), RequestBody.empty());
            } else {
                complete(key, up);
            }
            written.add(key);
            records += partitions.get(i).output().records();
        }
        if (overwrite) {
            removeOthers(written);
        }
        // Last: a reader that sees _SUCCESS sees every part.
        s3.putObject(b -> b.bucket(target.bucket()).key(target.prefix() + SUCCESS), RequestBody.empty());
        log.info("engine: job={} committed {} parts and {} to {} ({} records)", jobId, partitions.size(), SUCCESS,
                Urls.shown(target.url()), records);
        return records;
    }

    private void complete(String key, OutputUpload up) {
        try {
            S3Multipart.complete(s3, up);
        } catch (S3Exception e) {
            // A coordinator that died after completing it leaves an upload that is gone (404
            // NoSuchUpload on S3, 400 InvalidPart on some others) and the object in its place.
            if ((e.statusCode() == 404 || e.statusCode() == 400) && completedBefore(key, up)) {
                log.info("engine: job={} found {} completed already (by an earlier coordinator)", jobId, key);
                return;
            }
            throw permanent(e) ? new CommitFailedException(S3Source.failure(target.url() + key.substring(target.prefix().length()),
                    "cannot complete the upload of the part", e).getMessage(), e) : e;
        }
    }

    /**
     * Is the object at {@code key} this upload, completed? S3, MinIO and Ceph give a completed
     * upload the ETag {@code md5(part md5s)-parts}; where ETags are not MD5s (SSE-KMS), an object
     * under a prefix that was empty at submit can only be this job's.
     */
    private boolean completedBefore(String key, OutputUpload up) {
        String etag;
        try {
            etag = s3.headObject(b -> b.bucket(target.bucket()).key(key)).eTag();
        } catch (S3Exception e) {
            return false;
        }
        String expected = S3Multipart.completedETag(up.parts());
        return expected != null && expected.equals(unquoted(etag)) || expected == null && !overwrite;
    }

    private static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    /** A refusal that asking again will not change (the SDK has already retried throttling, 5xx and resets). */
    private static boolean permanent(S3Exception e) {
        int s = e.statusCode();
        return s >= 400 && s < 500 && s != 408 && s != 429;
    }

    /** With overwrite: what an earlier job left under the prefix that this one did not write (its _SUCCESS is rewritten). */
    private void removeOthers(Set<String> written) {
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(target.bucket()).prefix(target.prefix())).contents()) {
            if (!written.contains(o.key())) {
                s3.deleteObject(b -> b.bucket(target.bucket()).key(o.key()));
            }
        }
    }

    /**
     * Aborts every multipart upload under the prefix that no committed partition completed, now
     * and again {@link #SWEEP_AGAIN_SECONDS} later. S3 asks for that ("it might be necessary to abort
     * a given multipart upload multiple times"): a part or a create of a killed attempt still in
     * flight can land after the first sweep. The later sweeps take only uploads begun before
     * {@value #LATE_UPLOAD_SECONDS} s after the first, so a new job's uploads under the same
     * prefix are left alone unless it started within those seconds.
     */
    @Override
    public void cleanUp(List<Partition> committed, Collection<String> discardedChunks) {
        Set<String> keep = committed.stream().map(Partition::upload).filter(u -> u != null && u.uploadId() != null)
                .map(OutputUpload::uploadId).collect(Collectors.toSet());
        Instant first = Instant.now();
        sweep(keep, null);
        Instant begunBy = first.plusSeconds(LATE_UPLOAD_SECONDS);
        for (long delay : SWEEP_AGAIN_SECONDS) {
            SWEEPS.schedule(() -> sweep(keep, begunBy), delay, TimeUnit.SECONDS);
        }
    }

    /** One sweep: aborts the uncommitted uploads under the prefix (begun by {@code begunBy}, when given). */
    private void sweep(Set<String> keep, Instant begunBy) {
        int aborted = 0;
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(target.bucket()).prefix(target.prefix())).uploads()) {
                boolean late = begunBy != null && u.initiated() != null && u.initiated().isAfter(begunBy);
                if (!keep.contains(u.uploadId()) && u.key().startsWith(target.prefix() + "part-r-") && !late) {
                    s3.abortMultipartUpload(b -> b.bucket(target.bucket()).key(u.key()).uploadId(u.uploadId()));
                    aborted++;
                }
            }
        } catch (RuntimeException e) {
            // The first sweep's failure matters; a later one's is a second chance missed (the node may be stopping).
            if (begunBy == null) {
                log.warn("engine: job={} could not abort the uploads left under {}: {}", jobId, Urls.shown(target.url()), e.toString());
            } else {
                log.debug("engine: job={} could not sweep {} again: {}", jobId, Urls.shown(target.url()), e.toString());
            }
            return;
        }
        if (aborted > 0) {
            log.info("engine: job={} aborted {} uploads of uncommitted attempts under {}{}", jobId, aborted, Urls.shown(target.url()),
                    begunBy == null ? "" : " (a later sweep)");
        }
    }

    @Override
    public void abandon(OutputUpload u) {
        abort(s3, jobId, u);
    }

    /** Aborts one attempt's open upload; one already gone is no error. */
    public static void abort(S3Client s3, String jobId, OutputUpload u) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(u.bucket()).key(u.key()).uploadId(u.uploadId()));
        } catch (NoSuchUploadException e) {
            // already aborted by a sweep, or completed by a commit that raced this refusal's retry
        } catch (RuntimeException e) {
            log.warn("engine: job={} could not abort a refused attempt's upload of {}: {}", jobId, u.key(), e.toString());
        }
    }
}
