package io.chordmr.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 text as a slice of a byte array, reusable: the engine hands a mapper each line as the same
 * {@code Text} pointed at the next slice of its input, without a String per line, and a mapper may
 * emit one {@code Text} again and again (Hadoop's {@code Text} is the model). Whoever keeps a
 * value past the call that gave it to them takes a {@link #copy}.
 *
 * <p>Equality and order are those of the bytes (unsigned, as the engine sorts keys); {@link
 * #hashCode} is the String's, so a partitioner sends a word to the same reduce whether it came as
 * a Text or a String. Text and String keys are interchangeable between a job's steps: a mapper
 * may emit Text to a reducer that takes String.
 */
public final class Text implements Comparable<Text> {

    private byte[] bytes;
    private int offset;
    private int length;

    public Text() {
        this(new byte[0], 0, 0);
    }

    private Text(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** A Text of its own holding {@code s} in UTF-8. */
    public static Text of(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new Text(b, 0, b.length);
    }

    /** Points this Text at {@code b[offset, offset + length)}, sharing the array (nothing is copied). */
    public Text set(byte[] b, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > b.length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + (offset + length) + ") of " + b.length + " bytes");
        }
        this.bytes = b;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The array this Text is a slice of; its bytes are {@code [offset(), offset() + length())}. */
    public byte[] bytes() {
        return bytes;
    }

    public int offset() {
        return offset;
    }

    /** The length in bytes. */
    public int length() {
        return length;
    }

    public byte byteAt(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(i + " in a text of " + length + " bytes");
        }
        return bytes[offset + i];
    }

    /** A Text of its own with these bytes, unaffected by later changes to this one. */
    public Text copy() {
        return new Text(toByteArray(), 0, length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Text t && Arrays.equals(bytes, offset, offset + length, t.bytes, t.offset, t.offset + t.length);
    }

    /** {@code toString().hashCode()}, computed from the bytes without making the String when they are ASCII. */
    @Override
    public int hashCode() {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int b = bytes[i];
            if (b < 0) {
                return toString().hashCode(); // beyond ASCII: decode as the String would, replacements and all
            }
            h = 31 * h + b;
        }
        return h;
    }

    @Override
    public int compareTo(Text o) {
        return Arrays.compareUnsigned(bytes, offset, offset + length, o.bytes, o.offset, o.offset + o.length);
    }
}
