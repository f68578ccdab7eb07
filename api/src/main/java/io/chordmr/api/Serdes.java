package io.chordmr.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Order-preserving serdes for the common types. */
public final class Serdes {

    private Serdes() {
    }

    public static final Serde<String> STRING = new Serde<>() {
        @Override
        public byte[] toBytes(String v) {
            return v.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String fromBytes(byte[] b, int off, int len) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }

        @Override
        public String parse(String text) {
            return text;
        }
    };

    /** UTF-8, as {@link #STRING}: a Text and a String of the same text encode to the same bytes. */
    public static final Serde<Text> TEXT = new Serde<>() {
        @Override
        public byte[] toBytes(Text v) {
            return v.toByteArray();
        }

        @Override
        public Text fromBytes(byte[] b, int off, int len) {
            return new Text().set(Arrays.copyOfRange(b, off, off + len), 0, len);
        }

        @Override
        public Text parse(String text) {
            return Text.of(text);
        }
    };

    /** Big-endian with the sign bit flipped, so negative numbers sort first. */
    public static final Serde<Long> LONG = new Serde<>() {
        @Override
        public byte[] toBytes(Long v) {
            return encodeLong(v);
        }

        @Override
        public Long fromBytes(byte[] b, int off, int len) {
            return decodeLong(b, off, len);
        }

        @Override
        public Long parse(String text) {
            return Long.parseLong(text.trim());
        }
    };

    public static final Serde<Integer> INTEGER = new Serde<>() {
        @Override
        public byte[] toBytes(Integer v) {
            int x = v ^ Integer.MIN_VALUE;
            return new byte[] {(byte) (x >>> 24), (byte) (x >>> 16), (byte) (x >>> 8), (byte) x};
        }

        @Override
        public Integer fromBytes(byte[] b, int off, int len) {
            if (len != 4) {
                throw new IllegalArgumentException("an Integer takes 4 bytes, got " + len);
            }
            int x = ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
            return x ^ Integer.MIN_VALUE;
        }

        @Override
        public Integer parse(String text) {
            return Integer.parseInt(text.trim());
        }
    };

    /** IEEE bits, flipped so that the byte order is the numeric order (NaN last). */
    public static final Serde<Double> DOUBLE = new Serde<>() {
        @Override
        public byte[] toBytes(Double v) {
            long bits = Double.doubleToLongBits(v);
            return longBytes(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
        }

        @Override
        public Double fromBytes(byte[] b, int off, int len) {
            long x = readLong(b, off, len);
            return Double.longBitsToDouble(x < 0 ? x ^ Long.MIN_VALUE : ~x);
        }

        @Override
        public Double parse(String text) {
            return Double.parseDouble(text.trim());
        }
    };

    /** Raw bytes; text form is hex. */
    public static final Serde<byte[]> BYTES = new Serde<>() {
        @Override
        public byte[] toBytes(byte[] v) {
            return v.clone();
        }

        @Override
        public byte[] fromBytes(byte[] b, int off, int len) {
            return Arrays.copyOfRange(b, off, off + len);
        }

        @Override
        public String format(byte[] v) {
            return HexFormat.of().formatHex(v);
        }

        @Override
        public byte[] parse(String text) {
            return HexFormat.of().parseHex(text.trim());
        }
    };

    /** The serde for a type, or an exception naming the type. */
    @SuppressWarnings("unchecked")
    public static <T> Serde<T> forClass(Class<T> type) {
        Serde<?> s;
        if (type == String.class || type == CharSequence.class) {
            s = STRING;
        } else if (type == Text.class) {
            s = TEXT;
        } else if (type == Long.class || type == long.class) {
            s = LONG;
        } else if (type == Integer.class || type == int.class) {
            s = INTEGER;
        } else if (type == Double.class || type == double.class) {
            s = DOUBLE;
        } else if (type == byte[].class) {
            s = BYTES;
        } else {
            throw new IllegalArgumentException("no serde for type " + type.getName()
                    + "; keys and values may be String, Text, Long, Integer, Double or byte[]");
        }
        return (Serde<T>) s;
    }

    /** {@link #LONG}'s encoding of a primitive long, without boxing it. */
    public static byte[] encodeLong(long v) {
        return longBytes(v ^ Long.MIN_VALUE);
    }

    /** {@link #LONG}'s decoding to a primitive long, without boxing it. */
    public static long decodeLong(byte[] b, int off, int len) {
        return readLong(b, off, len) ^ Long.MIN_VALUE;
    }

    private static byte[] longBytes(long x) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) x;
            x >>>= 8;
        }
        return b;
    }

    private static long readLong(byte[] b, int off, int len) {
        if (len != 8) {
            throw new IllegalArgumentException("a Long or Double takes 8 bytes, got " + len);
        }
        long x = 0;
        for (int i = 0; i < 8; i++) {
            x = (x << 8) | (b[off + i] & 0xff);
        }
        return x;
    }
}
