package io.chordmr.engine.input;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Copies one split's lines to a local file for its map task. A split that starts inside a file
 * skips the line in progress at its start (the previous split reads it) and reads on past its end
 * to finish its last line, as Hadoop's LineRecordReader does: every line is read exactly once.
 * Input is text: a NUL byte (which no UTF-8 text holds) or a .gz file that is not gzip fails the
 * copy naming the URL, instead of handing a mapper binary lines.
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
                     InputStream in = split.gzip() ? gunzip(raw, split.url()) : raw) {
                    long n = copyText(in, out, split.url(), split.gzip());
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
                    long n = copyLine(in, out, split.url(), pos);
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
    private static long copyLine(InputStream in, OutputStream out, String url, long pos) throws IOException {
        long n = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == 0) {
                throw notText(url, pos + n, false);
            }
            out.write(b);
            n++;
            if (b == '\n') {
                break;
            }
        }
        return n;
    }

    /** Copies the whole stream, refusing a NUL byte; returns the bytes copied. */
    private static long copyText(InputStream in, OutputStream out, String url, boolean decompressed) throws IOException {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        for (int r = read(in, buf, url); r >= 0; r = read(in, buf, url)) {
            for (int i = 0; i < r; i++) {
                if (buf[i] == 0) {
                    throw notText(url, n + i, decompressed);
                }
            }
            out.write(buf, 0, r);
            n += r;
        }
        return n;
    }

    private static InputStream gunzip(InputStream raw, String url) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            throw UrlException.badUrl(url, "named .gz but not gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static int read(InputStream in, byte[] buf, String url) throws IOException {
        try {
            return in.read(buf);
        } catch (ZipException | EOFException e) {
            throw UrlException.badUrl(url, "broken gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static UrlException notText(String url, long at, boolean decompressed) {
        return UrlException.badUrl(url, "not text: a NUL byte at byte " + at + (decompressed ? " of the decompressed data" : "")
                + " (jobs read lines of UTF-8 text)", null);
    }
}
