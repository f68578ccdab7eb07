package io.chordmr.store;

import io.chordmr.net.BodyReader;
import io.chordmr.net.BodyWriter;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.RequestException;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bodies of the store's messages. */
final class StoreCodec {

    private StoreCodec() {
    }

    /**
     * An item's fields up to its value's bytes: key, version, tombstone flag and the value's length.
     * Sent with the value as the tail of the same body, the two read as {@link #item(BodyReader)}.
     */
    static byte[] itemHead(String key, long version, boolean tombstone, int valueLength) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return new BodyWriter(4 + k.length + 8 + 1 + 4).writeBytes(k).writeLong(version)
                .writeBoolean(tombstone).writeInt(valueLength).toByteArray();
    }

    static StoredItem item(BodyReader r) {
        return new StoredItem(r.readString(), r.readLong(), r.readBoolean(), r.readBytes());
    }

    /** An item as a put's body carries it, its value left in that body's buffers rather than copied out. */
    record ItemView(String key, long version, boolean tombstone, ByteBuffer[] data) {
    }

    /** Reads a body laid out as {@link #item(BodyReader)} reads one; the view lives as long as the body. */
    static ItemView itemView(ByteBuf body) {
        BodyReader r = new BodyReader(body);
        return new ItemView(r.readString(), r.readLong(), r.readBoolean(), r.readSlices());
    }

    static byte[] optionalItem(StoredItem item) {
        if (item == null) {
            return new byte[] {0};
        }
        byte[] key = item.key().getBytes(StandardCharsets.UTF_8);
        // Sized exactly, so the value is copied once, into the body.
        return new BodyWriter(1 + 4 + key.length + 8 + 1 + 4 + item.data().length).writeBoolean(true).writeBytes(key)
                .writeLong(item.version()).writeBoolean(item.tombstone()).writeBytes(item.data()).toByteArray();
    }

    static StoredItem optionalItem(byte[] body) {
        BodyReader r = new BodyReader(body);
        return r.readBoolean() ? item(r) : null;
    }

    static byte[] versions(Map<String, Long> versions) {
        BodyWriter w = new BodyWriter(32 * versions.size() + 8).writeInt(versions.size());
        versions.forEach((k, v) -> w.writeString(k).writeLong(v));
        return w.toByteArray();
    }

    static Map<String, Long> versions(byte[] body) {
        BodyReader r = new BodyReader(body);
        int n = r.readInt();
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(r.readString(), r.readLong());
        }
        return out;
    }

    static byte[] ranges(List<KeyRange> ranges) {
        BodyWriter w = new BodyWriter(16 * ranges.size() + 4).writeInt(ranges.size());
        ranges.forEach(r -> w.writeLong(r.first()).writeLong(r.last()));
        return w.toByteArray();
    }

    static List<KeyRange> ranges(byte[] body) {
        BodyReader r = new BodyReader(body);
        int n = r.readInt();
        if (n < 0 || n > ReplicatedStore.MAX_DIGEST_RANGES) {
            throw new RequestException(ErrorCode.BAD_REQUEST, n + " ranges in one digest request; at most " + ReplicatedStore.MAX_DIGEST_RANGES);
        }
        List<KeyRange> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long first = r.readLong();
            long last = r.readLong();
            if (Long.compareUnsigned(first, last) > 0) {
                throw new RequestException(ErrorCode.BAD_REQUEST, "digest range " + i + " is reversed");
            }
            out.add(new KeyRange(first, last));
        }
        return out;
    }

    static List<KeyDigests.Digest> digests(byte[] body) {
        BodyReader r = new BodyReader(body);
        int n = r.readInt();
        List<KeyDigests.Digest> out = new ArrayList<>(Math.max(0, Math.min(n, ReplicatedStore.MAX_DIGEST_RANGES)));
        for (int i = 0; i < n; i++) {
            out.add(new KeyDigests.Digest(r.readInt(), r.readLong()));
        }
        return out;
    }

    static byte[] keys(List<String> keys) {
        BodyWriter w = new BodyWriter(32 * keys.size() + 8).writeInt(keys.size());
        keys.forEach(w::writeString);
        return w.toByteArray();
    }

    static List<String> keys(byte[] body) {
        BodyReader r = new BodyReader(body);
        int n = r.readInt();
        List<String> out = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            out.add(r.readString());
        }
        return out;
    }

    static byte[] entries(Map<String, ChunkStore.Entry> entries) {
        BodyWriter w = new BodyWriter(40 * entries.size() + 8).writeInt(entries.size());
        entries.forEach((k, e) -> w.writeString(k).writeLong(e.version()).writeBoolean(e.tombstone()).writeLong(e.size()));
        return w.toByteArray();
    }

    static Map<String, ChunkStore.Entry> entries(byte[] body) {
        BodyReader r = new BodyReader(body);
        int n = r.readInt();
        Map<String, ChunkStore.Entry> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(r.readString(), new ChunkStore.Entry(r.readLong(), r.readBoolean(), r.readLong()));
        }
        return out;
    }
}
