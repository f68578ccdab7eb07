package io.chordmr.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a body written by {@link BodyWriter}; a short or malformed body is a BAD_REQUEST. */
public final class BodyReader {

    private final byte[] buf;
    private int pos;

    public BodyReader(byte[] buf) {
        this.buf = buf;
    }

    public int readByte() {
        need(1);
        return buf[pos++];
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public int readShort() {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int readInt() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    public String readString() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    public String readNullableString() {
        int len = readInt();
        if (len == -1) {
            return null;
        }
        pos -= 4;
        return readString();
    }

    public byte[] readBytes() {
        int len = readInt();
        if (len < 0) {
            throw new RequestException(ErrorCode.BAD_REQUEST, "negative field length " + len + " at byte " + (pos - 4));
        }
        need(len);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    public boolean hasMore() {
        return pos < buf.length;
    }

    private void need(int n) {
        if (pos + n > buf.length) {
            throw new RequestException(ErrorCode.BAD_REQUEST,
                    "message body truncated: needs " + n + " bytes at byte " + pos + " of " + buf.length);
        }
    }
}
