package io.chordmr.engine.input;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPInputStream;

/**
 * Copies one split's lines to a local file for its map task. A split that starts inside a file
 * skips the line in progress at its start (the previous split reads it) and reads on past its end
 * to finish its last line, as Hadoop's LineRecordReader does: every line is read exactly once.
 */
public final class SplitReader {

    /** What was copied: where its first line starts in the file, and the copy's size and CRC-32. */
    public record Copied(long firstLineOffset, long length, int crc) {
    }

    private SplitReader() {
    }

    public static Copied copy(ObjectSource source, InputSplit split, Path to) throws IOException {
        CRC32 crc = new CRC32();
        try (OutputStream out = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(to), 1 << 16), crc)) {
            if (split.whole()) {
                try (InputStream raw = source.open(split.url(), 0);
                     InputStream in = split.gzip() ? new GZIPInputStream(raw, 1 << 16) : raw) {
                    long n = in.transferTo(out);
                    out.flush();
                    return new Copied(0, n, (int) crc.getValue());
                }
            }
            try (InputStream in = new BufferedInputStream(source.open(split.url(), split.start()), 1 << 16)) {
                long pos = split.start();
                if (pos > 0) {
                    pos += skipLine(in);
                }
                long first = pos;
                long written = 0;
                // A line that starts at or before the split's end is this split's, wherever it ends.
                while (pos <= split.end()) {
                    long n = copyLine(in, out);
                    if (n == 0) {
                        break;
                    }
                    pos += n;
                    written += n;
                }
                out.flush();
                return new Copied(first, written, (int) crc.getValue());
            }
        }
    }

    /** Skips through the next line end; returns the bytes skipped. */
    private static long skipLine(InputStream in) throws IOException {
        long n = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            n++;
            if (b == '\n') {
                break;
            }
        }
        return n;
    }

    /** Copies one line with its line end (the last line may lack one); returns its bytes, 0 at the end. */
    private static long copyLine(InputStream in, OutputStream out) throws IOException {
        long n = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
            n++;
            if (b == '\n') {
                break;
            }
        }
        return n;
    }
}
