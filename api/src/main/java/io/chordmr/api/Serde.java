package io.chordmr.api;

/**
 * Encodes values of one type as bytes. Encodings of keys compare, byte by byte unsigned, in the
 * same order as the values, so reducers see keys sorted without decoding them.
 */
public interface Serde<T> {

    byte[] toBytes(T value);

    T fromBytes(byte[] buf, int offset, int length);

    /** The value as text, for output files. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** The value back from its text form, for streaming jobs and text output. */
    T parse(String text);
}
