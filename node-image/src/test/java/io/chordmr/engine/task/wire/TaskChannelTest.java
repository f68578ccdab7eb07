package io.chordmr.engine.task.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node–task channel over a real Unix domain socket. */
@Timeout(60)
class TaskChannelTest {

    private Path dir;
    private ServerSocketChannel server;
    private SocketChannel clientSocket;
    private SocketChannel serverSocket;

    @BeforeEach
    void connect() throws IOException {
        dir = Files.createTempDirectory("chordmr-channel");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("t.sock")));
        clientSocket = SocketChannel.open(StandardProtocolFamily.UNIX);
        clientSocket.connect(UnixDomainSocketAddress.of(dir.resolve("t.sock")));
        serverSocket = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        clientSocket.close();
        serverSocket.close();
        server.close();
        Files.deleteIfExists(dir.resolve("t.sock"));
        Files.delete(dir);
    }

    @Test
    void framesArriveWholeAndInOrder() throws Exception {
        TaskChannel a = new TaskChannel(clientSocket);
        TaskChannel b = new TaskChannel(serverSocket);
        byte[] chunk = new byte[3 << 20];
        chunk[chunk.length - 1] = 42;
        // Larger than the socket's buffer: the writer waits for this reader, as a task waits for its node.
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                a.send(TaskChannel.PROGRESS, new TaskChannel.Progress(0.5, Map.of("mapInputRecords", 7L)));
                a.sendChunk(9, chunk);
                a.sendText(TaskChannel.FORGET, "job-1");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        TaskChannel.Frame progress = b.read();
        assertThat(progress.type()).isEqualTo(TaskChannel.PROGRESS);
        assertThat(progress.as(TaskChannel.Progress.class)).isEqualTo(new TaskChannel.Progress(0.5, Map.of("mapInputRecords", 7L)));
        TaskChannel.Frame c = b.read();
        assertThat(c.type()).isEqualTo(TaskChannel.CHUNK);
        assertThat(ByteBuffer.wrap(c.body(), 0, 4).getInt()).isEqualTo(9);
        assertThat(c.body()).hasSize(chunk.length + 4);
        assertThat(c.body()[c.body().length - 1]).isEqualTo((byte) 42);
        assertThat(b.read().text()).isEqualTo("job-1");
        sent.get(10, TimeUnit.SECONDS);
        a.close();
        assertThat(b.read()).as("the end of the stream").isNull();
    }

    /** One thread always waits in read(); another must still be able to write (Channels' streams would block it). */
    @Test
    void aPendingReadDoesNotBlockAWrite() throws Exception {
        TaskChannel a = new TaskChannel(clientSocket);
        TaskChannel b = new TaskChannel(serverSocket);
        CompletableFuture<TaskChannel.Frame> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return a.read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                a.sendText(TaskChannel.STORED, "key-1");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        write.get(10, TimeUnit.SECONDS);
        assertThat(b.read().text()).isEqualTo("key-1");
        b.sendText(TaskChannel.STORED, "key-2");
        assertThat(pending.get(10, TimeUnit.SECONDS).text()).isEqualTo("key-2");
    }

    @Test
    void anOversizedFrameIsRefusedNamingItsLength() throws Exception {
        ByteBuffer bogus = ByteBuffer.allocate(5).putInt(TaskChannel.MAX_FRAME + 1).put(TaskChannel.RESULT).flip();
        clientSocket.write(bogus);
        TaskChannel b = new TaskChannel(serverSocket);
        assertThatThrownBy(b::read).isInstanceOf(IOException.class)
                .hasMessage("task channel frame of " + (TaskChannel.MAX_FRAME + 1) + " bytes; the limit is " + TaskChannel.MAX_FRAME);
    }
}
