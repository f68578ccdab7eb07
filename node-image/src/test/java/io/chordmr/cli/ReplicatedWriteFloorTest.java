package io.chordmr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicatedWriteFloorTest {

    @TempDir
    Path dir;

    @Test
    void everyReplicaWritesEveryByteInChunks() throws Exception {
        byte[] data = new byte[(5 << 20) + 12345];
        new Random(7).nextBytes(data);
        Path input = dir.resolve("input");
        Files.write(input, data);
        Path out = Files.createDirectory(dir.resolve("out"));

        double seconds = ReplicatedWriteFloor.seconds(input, out, 3, 1 << 20);

        assertThat(seconds).isPositive();
        for (int replica = 0; replica < 3; replica++) {
            assertThat(replicaBytes(out, replica)).as("replica %d", replica).isEqualTo(data);
        }
    }

    /** A replica's chunk files in the order it wrote them, joined. */
    private static byte[] replicaBytes(Path dir, int replica) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int n = 0; Files.exists(dir.resolve("floor-" + replica + "-" + n)); n++) {
            Path chunk = dir.resolve("floor-" + replica + "-" + n);
            assertThat(Files.size(chunk)).isLessThanOrEqualTo(1 << 20);
            all.write(Files.readAllBytes(chunk));
        }
        return all.toByteArray();
    }
}
