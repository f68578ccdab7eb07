package io.chordmr.engine.shuffle;

import io.chordmr.engine.message.EngineMessageType;
import io.chordmr.engine.message.EngineMessages;
import io.chordmr.engine.message.EngineMessages.MapOutputFetch;
import io.chordmr.engine.message.EngineMessages.MapOutputRef;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.net.Address;
import io.chordmr.net.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Gets a reduce its part of one map's output as a file region: in place when the map ran on
 * this node, otherwise fetched from the map's node in ranges of {@value #FETCH_BYTES} bytes to
 * a file. A failure names the map, whose output is then checked and, if gone, made again.
 */
public final class SegmentFetcher {

    static final int FETCH_BYTES = 8 << 20;

    private final String self;
    private final MapOutputStore outputs;
    private final Transport transport;

    public SegmentFetcher(String self, MapOutputStore outputs, Transport transport) {
        this.self = self;
        this.outputs = outputs;
        this.transport = transport;
    }

    public TaskWork.SegmentFile segment(String jobId, int partition, MapOutputRef ref, Path to) throws FetchFailedException {
        if (ref.node().equals(self)) {
            try {
                return outputs.segment(jobId, ref.file(), partition);
            } catch (IOException e) {
                throw new FetchFailedException(ref.taskId(), "map output of " + ref.taskId() + " is gone from this node", e);
            }
        }
        Address from = new Address(ref.host(), ref.port());
        try (OutputStream out = Files.newOutputStream(to)) {
            for (long off = 0; off < ref.length(); ) {
                int len = (int) Math.min(FETCH_BYTES, ref.length() - off);
                byte[] b = transport.request(from, EngineMessageType.MAP_OUTPUT_FETCH, EngineMessages.encode(
                        new MapOutputFetch(jobId, ref.file(), partition, off, len)), Duration.ofMillis(5000 + len / 1024)).join();
                if (b.length == 0) {
                    throw new IOException("empty fetch");
                }
                out.write(b);
                off += b.length;
            }
        } catch (CompletionException | IOException e) {
            throw new FetchFailedException(ref.taskId(), "cannot fetch the output of " + ref.taskId() + " from " + ref.node()
                    + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return new TaskWork.SegmentFile(to.toString(), 0, ref.length());
    }
}
