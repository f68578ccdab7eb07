package io.chordmr.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.engine.context.TaskProcessSettings;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskProcessPoolTest {

    @TempDir
    Path dir;

    /** As when a pod is restarted on its volume while the killed node still shuts down (the operator harness does this). */
    @Test
    void aNodeClosingAfterItsSuccessorOpenedTheSameDirectoryLeavesTheSuccessorsSocket() throws IOException {
        TaskProcessPool old = new TaskProcessPool("n", dir, TaskProcessSettings.defaults(), 0);
        Path stale = old.socket();
        TaskProcessPool fresh = new TaskProcessPool("n", dir, TaskProcessSettings.defaults(), 0);
        try {
            old.close();
            assertThat(fresh.socket()).isNotEqualTo(stale).exists();
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(fresh.socket()));
                assertThat(c.isConnected()).isTrue();
            }
        } finally {
            fresh.close();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).as("no socket left behind").isEmpty();
        }
    }
}
