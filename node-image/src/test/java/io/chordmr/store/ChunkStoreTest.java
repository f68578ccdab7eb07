package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkStoreTest {

    @TempDir
    Path dir;

    private static StoredItem item(String key, long version, String data) {
        return new StoredItem(key, version, false, data.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(StoredItem i) {
        return new String(i.data(), StandardCharsets.UTF_8);
    }

    @Test
    void theHighestVersionWinsWhateverTheOrder() {
        ChunkStore store = new ChunkStore(dir);
        assertThat(store.put(item("k", 2, "two"))).isTrue();
        assertThat(store.put(item("k", 1, "one"))).as("older").isFalse();
        assertThat(store.put(item("k", 2, "again"))).as("same version").isFalse();
        assertThat(text(store.get("k"))).isEqualTo("two");
        assertThat(store.put(item("k", 3, "three!"))).isTrue();
        assertThat(text(store.get("k"))).isEqualTo("three!");
        assertThat(store.bytesStored()).isEqualTo(6);
        assertThat(store.get("missing")).isNull();
    }

    @Test
    void aValueLeftInItsRequestBodyIsStoredAsItsOwnBytes() {
        // A replica's put hands over a view of the request body: only the value's bytes are stored, checksummed.
        byte[] body = "head|the value|tail".getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.wrap(body, 5, 9).slice();
        ChunkStore store = new ChunkStore(dir);
        assertThat(store.put("k", 4, false, value)).isTrue();
        assertThat(value.remaining()).as("the caller's view is not consumed").isEqualTo(9);
        assertThat(text(store.get("k"))).isEqualTo("the value");
        assertThat(store.entry("k")).isEqualTo(new ChunkStore.Entry(4, false, 9));
        assertThat(text(new ChunkStore(dir).get("k"))).as("reopened, its checksum holds").isEqualTo("the value");
        assertThat(store.bytesStored()).isEqualTo(9);
    }

    @Test
    void whatIsStoredSurvivesAReopenAndAnInterruptedWriteIsDropped() throws IOException {
        ChunkStore store = new ChunkStore(dir);
        store.put(item("a", 1, "alpha"));
        store.put(StoredItem.tombstone("b", 5));
        Files.writeString(dir.resolve("store").resolve("half-written.tmp"), "torn");

        ChunkStore reopened = new ChunkStore(dir);
        assertThat(text(reopened.get("a"))).isEqualTo("alpha");
        assertThat(reopened.entry("b")).isEqualTo(new ChunkStore.Entry(5, true, 0));
        assertThat(reopened.keyCount()).isEqualTo(2);
        assertThat(reopened.bytesStored()).isEqualTo(5);
        try (var files = Files.list(dir.resolve("store"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aLocationPointsAtTheValuesBytesInItsFile() throws IOException {
        ChunkStore store = new ChunkStore(dir);
        store.put(item("chunk/0", 1, "hello world"));
        ChunkStore.Location loc = store.location("chunk/0");
        byte[] region = new byte[loc.length()];
        try (FileChannel ch = FileChannel.open(loc.file())) {
            ch.read(java.nio.ByteBuffer.wrap(region), loc.position());
        }
        assertThat(new String(region, StandardCharsets.UTF_8)).isEqualTo("hello world");
        CRC32 crc = new CRC32();
        crc.update(region);
        assertThat(loc.crc()).isEqualTo((int) crc.getValue());
        store.put(StoredItem.tombstone("chunk/0", 2));
        assertThat(store.location("chunk/0")).as("a tombstone has no value to read").isNull();
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws IOException {
        ChunkStore store = new ChunkStore(dir);
        store.put(item("k", 1, "precious data"));
        ChunkStore.Location loc = store.location("k");
        try (FileChannel ch = FileChannel.open(loc.file(), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'P'}), loc.position());
        }
        assertThatThrownBy(() -> store.get("k")).isInstanceOf(StoreCorruptedException.class).hasMessageContaining("fails its checksum")
                .hasMessageContaining("key k");
    }

    @Test
    void removeDropsOnlyTheVersionAsked() {
        ChunkStore store = new ChunkStore(dir);
        store.put(item("k", 7, "v7"));
        assertThat(store.remove("k", 6)).as("a newer write is kept").isFalse();
        assertThat(store.get("k")).isNotNull();
        assertThat(store.remove("k", 7)).isTrue();
        assertThat(store.get("k")).isNull();
        assertThat(store.bytesStored()).isZero();
        assertThat(store.entries()).isEmpty();
    }
}
