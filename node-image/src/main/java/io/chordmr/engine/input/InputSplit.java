package io.chordmr.engine.input;

/**
 * One map task's part of a file: the lines that start in {@code (start, start + length]}, or in
 * {@code [0, length]} for the first split, as Hadoop's LineRecordReader reads them, so every line
 * is read by exactly one split; or, when {@code whole}, the entire file.
 */
public record InputSplit(String url, long start, long length, boolean whole, boolean gzip) {

    public long end() {
        return start + length;
    }
}
