package io.chordmr.store;

/**
 * How text input is cut into chunks, always at line boundaries: about {@code bytes} per chunk, or
 * exactly {@code records} lines per chunk when records is positive.
 */
public record Split(long bytes, long records) {

    public static final long DEFAULT_BYTES = 4L << 20;
    public static final Split DEFAULT = new Split(DEFAULT_BYTES, 0);

    public Split {
        if (bytes <= 0 && records <= 0) {
            throw new IllegalArgumentException("split needs a positive bytes or records value, got bytes=" + bytes + " records=" + records);
        }
    }

    public static Split bytes(long bytes) {
        return new Split(bytes, 0);
    }

    public static Split records(long records) {
        return new Split(0, records);
    }
}
