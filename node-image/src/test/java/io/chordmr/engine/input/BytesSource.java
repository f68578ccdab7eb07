package io.chordmr.engine.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** Files held in memory, served as a ranged HTTP server would. */
final class BytesSource implements ObjectSource {

    private final Map<String, byte[]> files;

    BytesSource(Map<String, byte[]> files) {
        this.files = files;
    }

    @Override
    public List<InputObject> list(String url) throws IOException {
        return List.of(describe(url));
    }

    InputObject describe(String url) throws IOException {
        byte[] b = bytes(url);
        return new InputObject(url, b.length, true, url.endsWith(".gz"));
    }

    @Override
    public InputStream open(String url, long start) throws IOException {
        byte[] b = bytes(url);
        return new ByteArrayInputStream(b, (int) start, b.length - (int) start);
    }

    private byte[] bytes(String url) throws IOException {
        byte[] b = files.get(url);
        if (b == null) {
            throw new IOException(url + ": no such file");
        }
        return b;
    }
}
