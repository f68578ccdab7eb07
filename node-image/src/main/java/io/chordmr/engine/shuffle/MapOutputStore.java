package io.chordmr.engine.shuffle;

import io.chordmr.engine.sort.MapOutput;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.RequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** This node's map outputs, under {@code <data-dir>/mr/<job>/}, served to reducers by byte range. */
public final class MapOutputStore {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final Path root;

    public MapOutputStore(Path root) {
        this.root = root;
    }

    public Path jobDir(String jobId) {
        return root.resolve(safe("job id", jobId));
    }

    public Path fileFor(String jobId, String taskId, int attempt) throws IOException {
        Path dir = jobDir(jobId);
        Files.createDirectories(dir);
        return dir.resolve(taskId + "-a" + attempt + ".out");
    }

    /** Up to {@code length} bytes of one partition, from {@code offset} within it. */
    public byte[] read(String jobId, String file, int partition, long offset, int length) {
        Path f = jobDir(jobId).resolve(safe("file", file));
        try {
            MapOutput out = MapOutput.readIndex(f);
            if (partition < 0 || partition >= out.partitions()) {
                throw new RequestException(ErrorCode.BAD_REQUEST, "partition " + partition + " is outside 0.." + (out.partitions() - 1));
            }
            long remaining = out.lengths()[partition] - offset;
            if (offset < 0 || remaining < 0) {
                throw new RequestException(ErrorCode.BAD_REQUEST, "offset " + offset + " is outside partition " + partition);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, remaining));
            try (FileChannel ch = FileChannel.open(f)) {
                long pos = out.offsets()[partition] + offset;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw new IOException("map output " + f + " is shorter than its index says");
                    }
                    pos += n;
                }
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            throw new RequestException(ErrorCode.NOT_FOUND, "no map output " + file + " of job " + jobId + " here");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where one partition of a local map output lies: a reduce on this node reads it in place. */
    public TaskWork.SegmentFile segment(String jobId, String file, int partition) throws IOException {
        Path f = jobDir(jobId).resolve(safe("file", file));
        MapOutput idx = MapOutput.readIndex(f);
        return new TaskWork.SegmentFile(f.toString(), idx.offsets()[partition], idx.lengths()[partition]);
    }

    /** Removes every file of the job on this node. */
    public void deleteJob(String jobId) {
        deleteTree(jobDir(jobId));
    }

    public void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (NoSuchFileException e) {
            // removed meanwhile, as a job's clean-up removes its directory while an attempt ends: what was wanted
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private static String safe(String what, String name) {
        if (name == null || !SAFE.matcher(name).matches() || name.startsWith(".")) {
            throw new RequestException(ErrorCode.BAD_REQUEST, what + " '" + name + "' is not a safe file name");
        }
        return name;
    }
}
