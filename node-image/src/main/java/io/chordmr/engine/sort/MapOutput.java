package io.chordmr.engine.sort;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished map attempt's output: one file of sorted records, partition after partition, and an
 * index of where each partition lies.
 */
public record MapOutput(Path file, long[] offsets, long[] lengths, long[] records) {

    public int partitions() {
        return offsets.length;
    }

    public static Path indexOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".idx");
    }

    public void writeIndex() throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(indexOf(file)))) {
            out.writeInt(offsets.length);
            for (int p = 0; p < offsets.length; p++) {
                out.writeLong(offsets[p]);
                out.writeLong(lengths[p]);
                out.writeLong(records[p]);
            }
        }
    }

    public static MapOutput readIndex(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(indexOf(file)))) {
            int n = in.readInt();
            if (n < 0 || n > 1 << 20) {
                throw new IOException("index of " + file + " names " + n + " partitions");
            }
            long[] o = new long[n];
            long[] l = new long[n];
            long[] r = new long[n];
            for (int p = 0; p < n; p++) {
                o[p] = in.readLong();
                l[p] = in.readLong();
                r[p] = in.readLong();
            }
            return new MapOutput(file, o, l, r);
        }
    }
}
