package io.chordmr.engine.input;

import io.chordmr.engine.sort.BlockInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Several files read one after the other as one text, each opened only when the one before is
 * done; a {@code .gz} file is decompressed, and a file whose last line has no line end gets one,
 * so the next file's first line stays a line of its own.
 */
public final class ObjectsStream extends BlockInputStream {

    private final ObjectSource source;
    private final Iterator<InputObject> next;
    private InputStream current;
    private int last = '\n';
    private boolean pendingNewline;

    public ObjectsStream(ObjectSource source, List<InputObject> objects) {
        this.source = source;
        this.next = objects.iterator();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            if (pendingNewline) {
                pendingNewline = false;
                last = '\n';
                b[off] = '\n';
                return 1;
            }
            if (current == null) {
                if (!next.hasNext()) {
                    return -1;
                }
                InputObject o = next.next();
                InputStream raw = source.open(o.url(), 0);
                current = o.gzip() ? new GZIPInputStream(raw, 1 << 16) : raw;
            }
            int n = current.read(b, off, len);
            if (n > 0) {
                last = b[off + n - 1];
                return n;
            }
            current.close();
            current = null;
            pendingNewline = last != '\n';
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
