package io.chordmr.store;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's replicas on disk: one file per key under {@code <data-dir>/store}, named by the
 * SHA-1 of the key. A write goes to a temporary file, is forced to disk, then renamed over the
 * old one, so a crash leaves either the old or the new version, never a torn one.
 *
 * <pre>
 * int  magic 'CMR1'   long version   byte flags (1 = tombstone)
 * int  keyLength, byte[] key (UTF-8)
 * int  dataLength, int crc32(data), byte[] data
 * </pre>
 */
public final class ChunkStore {

    private static final Logger log = LoggerFactory.getLogger(ChunkStore.class);
    private static final int MAGIC = 0x434d5231;
    private static final int STRIPES = 64;

    /** What the in-memory index knows of a key without reading its file. */
    public record Entry(long version, boolean tombstone, long size) {
    }

    private final Path dir;
    private final boolean durable;
    private final Map<String, Entry> index = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[STRIPES];
    private final AtomicLong bytes = new AtomicLong();
    private final KeyDigests digests = new KeyDigests();
    private final Set<String> tombstones = ConcurrentHashMap.newKeySet();

    public ChunkStore(Path dataDir) {
        this(dataDir, true);
    }

    /** @param durable whether {@link #put} forces each file to disk before it answers */
    public ChunkStore(Path dataDir, boolean durable) {
        this.durable = durable;
        this.dir = dataDir.resolve("store");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create store directory " + dir, e);
        }
        loadIndex();
    }

    private void loadIndex() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f); // an interrupted write; the previous version is intact
                    continue;
                }
                try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
                    Header h = readHeader(in, f);
                    Entry loaded = new Entry(h.version, h.tombstone, h.dataLength);
                    indexed(h.key, index.put(h.key, loaded), loaded);
                    bytes.addAndGet(h.dataLength);
                } catch (IOException | StoreCorruptedException e) {
                    log.warn("store: ignoring unreadable file {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list store directory " + dir, e);
        }
        log.info("store: loaded {} keys ({} bytes) from {}", index.size(), bytes.get(), dir);
    }

    /** Stores the item unless this replica already has the same or a newer version. */
    public boolean put(StoredItem item) {
        return put(item.key(), item.version(), item.tombstone(), new ByteBuffer[] {ByteBuffer.wrap(item.data())}, durable);
    }

    /**
     * {@link #put(StoredItem)} of a value held in buffers (a replica's request body as it came off
     * the socket), written to the file from them with no copy; the buffers' positions do not move.
     */
    public boolean put(String key, long version, boolean tombstone, ByteBuffer... data) {
        return put(key, version, tombstone, data, durable);
    }

    /** {@link #put} without forcing the file to disk: bulk loads in tests and benchmarks, where a crash loses nothing of value. */
    boolean putUnforced(StoredItem item) {
        return put(item.key(), item.version(), item.tombstone(), new ByteBuffer[] {ByteBuffer.wrap(item.data())}, false);
    }

    private boolean put(String key, long version, boolean tombstone, ByteBuffer[] data, boolean force) {
        synchronized (lockFor(key)) {
            Entry old = index.get(key);
            if (old != null && old.version() >= version) {
                return false;
            }
            Path target = fileFor(key);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            ByteBuffer[] parts = new ByteBuffer[data.length + 1];
            int length = 0;
            CRC32 crc = new CRC32();
            for (int i = 0; i < data.length; i++) {
                length += data[i].remaining();
                crc.update(data[i].duplicate());
                parts[i + 1] = data[i].duplicate();
            }
            ByteBuffer head = ByteBuffer.allocate(4 + 8 + 1 + 4 + keyBytes.length + 4 + 4);
            head.putInt(MAGIC).putLong(version).put((byte) (tombstone ? 1 : 0))
                    .putInt(keyBytes.length).put(keyBytes).putInt(length).putInt((int) crc.getValue()).flip();
            parts[0] = head;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (long left = head.remaining() + (long) length; left > 0; ) {
                    left -= ch.write(parts);
                }
                if (force) {
                    ch.force(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp + " for key " + key, e);
            }
            move(tmp, target);
            Entry now = new Entry(version, tombstone, length);
            index.put(key, now);
            indexed(key, old, now);
            bytes.addAndGet(length - (old == null ? 0 : old.size()));
            return true;
        }
    }

    /** The stored item, or null when this replica has no version of the key. */
    public StoredItem get(String key) {
        Entry e = index.get(key);
        if (e == null) {
            return null;
        }
        Path f = fileFor(key);
        synchronized (lockFor(key)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
                Header h = readHeader(in, f);
                byte[] data = in.readNBytes(h.dataLength);
                if (data.length != h.dataLength) {
                    throw new StoreCorruptedException("file " + f + " for key " + key + " is truncated");
                }
                CRC32 crc = new CRC32();
                crc.update(data);
                if ((int) crc.getValue() != h.crc) {
                    throw new StoreCorruptedException("file " + f + " for key " + key + " fails its checksum");
                }
                return new StoredItem(h.key, h.version, h.tombstone, data);
            } catch (IOException ex) {
                if (!index.containsKey(key)) {
                    return null; // removed while we were opening it
                }
                throw new UncheckedIOException("cannot read " + f + " for key " + key, ex);
            }
        }
    }

    /** Where a stored value's bytes lie in its file, for a reader that opens the file itself. */
    public record Location(Path file, long position, int length, int crc) {
    }

    /**
     * The file region holding the key's current value, or null when this replica has none (or only
     * a tombstone). A task process reads its input chunk from there, read-only, with no copy through
     * the node; a rewrite renames a new file over it, which the reader's CRC check catches.
     */
    public Location location(String key) {
        Entry e = index.get(key);
        if (e == null || e.tombstone()) {
            return null;
        }
        Path f = fileFor(key);
        synchronized (lockFor(key)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
                Header h = readHeader(in, f);
                long position = 4 + 8 + 1 + 4 + h.key.getBytes(StandardCharsets.UTF_8).length + 4 + 4;
                return h.tombstone ? null : new Location(f, position, h.dataLength, h.crc);
            } catch (IOException ex) {
                return null; // removed meanwhile: the caller reads through the ring instead
            }
        }
    }

    public Entry entry(String key) {
        return index.get(key);
    }

    /** A snapshot of every key this replica holds, tombstones included. */
    public Map<String, Entry> entries() {
        return Map.copyOf(index);
    }

    /** Drops the local copy, if it is still the given version (a newer write is kept). */
    public boolean remove(String key, long version) {
        return takeOut(key, version, "delete", f -> Files.deleteIfExists(f));
    }

    /**
     * Sets the local copy aside, if it is still the given version: its file moves to
     * {@code <data-dir>/quarantine}, where nothing reads it, and the key leaves the index.
     */
    public boolean quarantine(String key, long version) {
        return takeOut(key, version, "set aside", f -> {
            Path target = quarantineDirectory().resolve(f.getFileName());
            Files.createDirectories(target.getParent());
            Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    private interface FileAction {
        void apply(Path file) throws IOException;
    }

    /** Takes the key out of this replica, if it is still the given version, doing {@code action} to its file. */
    private boolean takeOut(String key, long version, String what, FileAction action) {
        synchronized (lockFor(key)) {
            Entry e = index.get(key);
            if (e == null || e.version() != version) {
                return false;
            }
            try {
                action.apply(fileFor(key));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot " + what + " the file of key " + key, ex);
            }
            index.remove(key);
            indexed(key, e, null);
            bytes.addAndGet(-e.size());
            return true;
        }
    }

    /** Where {@link #quarantine} puts files: beside the store, never loaded. */
    public Path quarantineDirectory() {
        return dir.resolveSibling("quarantine");
    }

    /** The node's data directory, which holds the store. */
    public Path dataDirectory() {
        return dir.getParent();
    }

    /** Keeps the digests and the delete markers' list in step with the index (under the key's lock). */
    private void indexed(String key, Entry old, Entry now) {
        digests.replace(key, old, now);
        if (now != null && now.tombstone()) {
            tombstones.add(key);
        } else {
            tombstones.remove(key);
        }
    }

    /** The digest of the keys held at ring positions {@code first} to {@code last}, inclusive and unsigned. */
    public KeyDigests.Digest digest(long first, long last) {
        return digests.digest(first, last, index::get);
    }

    /** The keys held at ring positions {@code first} to {@code last}, inclusive and unsigned, in ring order. */
    public List<String> keysIn(long first, long last) {
        return digests.keys(first, last);
    }

    /** The keys this replica holds only a delete marker of. */
    public Set<String> tombstoneKeys() {
        return Set.copyOf(tombstones);
    }

    public int keyCount() {
        return index.size();
    }

    public long bytesStored() {
        return bytes.get();
    }

    private Object lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), STRIPES)];
    }

    private Path fileFor(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    private static void move(Path tmp, Path target) {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot move " + tmp + " to " + target, ex);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + target, e);
        }
    }

    private record Header(String key, long version, boolean tombstone, int dataLength, int crc) {
    }

    private static Header readHeader(DataInputStream in, Path f) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new StoreCorruptedException("file " + f + " is not a ChordMR store file");
        }
        long version = in.readLong();
        boolean tombstone = in.readByte() == 1;
        int keyLength = in.readInt();
        if (keyLength < 0 || keyLength > 4096) {
            throw new StoreCorruptedException("file " + f + " has a key length of " + keyLength);
        }
        String key = new String(in.readNBytes(keyLength), StandardCharsets.UTF_8);
        int dataLength = in.readInt();
        int crc = in.readInt();
        if (dataLength < 0) {
            throw new StoreCorruptedException("file " + f + " has a data length of " + dataLength);
        }
        return new Header(key, version, tombstone, dataLength, crc);
    }

}
