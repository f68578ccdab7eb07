package io.chordmr.engine.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Where URL input comes from: what a URL holds, and its bytes from an offset on. */
public interface ObjectSource {

    /**
     * The files a URL names, in order: one for a file's URL, every object under a prefix or
     * matching a glob for object storage. Empty when a prefix or glob matches nothing.
     */
    List<InputObject> list(String url) throws IOException;

    /** The file's bytes from {@code start} to its end; the caller may close it early. */
    InputStream open(String url, long start) throws IOException;
}
