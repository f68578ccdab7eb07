package io.chordmr.engine.input;

/**
 * A file a job reads, as its server describes it.
 *
 * @param ranges the server serves byte ranges, so the file can be read in several splits
 * @param gzip   compressed: read whole and decompressed, one split
 */
public record InputObject(String url, long bytes, boolean ranges, boolean gzip) {
}
