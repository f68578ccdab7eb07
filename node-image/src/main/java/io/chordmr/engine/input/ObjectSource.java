package io.chordmr.engine.input;

import java.io.IOException;
import java.io.InputStream;

/** Where URL input comes from: what a URL holds, and its bytes from an offset on. */
public interface ObjectSource {

    /** The files a URL names (one for a plain file URL). */
    InputObject describe(String url) throws IOException;

    /** The file's bytes from {@code start} to its end; the caller may close it early. */
    InputStream open(String url, long start) throws IOException;
}
