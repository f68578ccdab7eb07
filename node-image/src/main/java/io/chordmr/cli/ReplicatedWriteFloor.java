package io.chordmr.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least a replicated put can cost on this machine, the yardstick {@code bench-store} sets put
 * against: the file goes over a loopback socket (sendfile) to a first replica, which writes each
 * chunk to a file of its own, forced to disk, and forwards it over loopback sockets to the other
 * replicas, which do the same. Direct buffers, three chunks in flight at each replica, no framing,
 * checksums, renames or acknowledgements: a bound on any design, not a design.
 */
final class ReplicatedWriteFloor {

    private static final int IN_FLIGHT = 3;
    private static final Chunk END = new Chunk(ByteBuffer.allocate(0), new AtomicInteger());

    /** A buffer on its way to the sinks; the last of them to finish returns it to the pool. */
    private record Chunk(ByteBuffer buf, AtomicInteger users) {
    }

    private ReplicatedWriteFloor() {
    }

    /** Seconds to write {@code input} at {@code replicas} copies under {@code dir}, in chunks of {@code chunkBytes}. */
    static double seconds(Path input, Path dir, int replicas, int chunkBytes) throws IOException, InterruptedException {
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "floor");
            t.setDaemon(true);
            return t;
        });
        List<ServerSocketChannel> servers = new ArrayList<>();
        try {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                servers.add(s);
                addresses.add((InetSocketAddress) s.getLocalAddress());
            }
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                int replica = r;
                List<InetSocketAddress> forward = r == 0 ? addresses.subList(1, replicas) : List.of();
                done.add(threads.submit(() -> {
                    replica(replica, servers.get(replica), forward, dir, chunkBytes, threads);
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            try (FileChannel in = FileChannel.open(input); SocketChannel out = SocketChannel.open(addresses.get(0))) {
                for (long pos = 0, size = in.size(); pos < size; ) {
                    pos += in.transferTo(pos, size - pos, out);
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } catch (ExecutionException e) {
            throw new IOException("the replicated-write yardstick failed: " + e.getCause(), e.getCause());
        } finally {
            for (ServerSocketChannel s : servers) {
                s.close();
            }
            threads.shutdownNow();
        }
    }

    /** One replica: reads chunks from its one connection, writes each to disk and passes it on to {@code forward}. */
    private static void replica(int replica, ServerSocketChannel server, List<InetSocketAddress> forward, Path dir, int chunkBytes,
                                ExecutorService threads) throws Exception {
        BlockingQueue<ByteBuffer> pool = new ArrayBlockingQueue<>(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            pool.add(ByteBuffer.allocateDirect(chunkBytes));
        }
        List<SocketChannel> outs = new ArrayList<>();
        List<BlockingQueue<Chunk>> sinks = new ArrayList<>();
        List<Future<?>> sinkDone = new ArrayList<>();
        try (SocketChannel from = server.accept()) {
            AtomicInteger fileNo = new AtomicInteger();
            sinks.add(new LinkedBlockingQueue<>());
            sinkDone.add(threads.submit(() -> drain(sinks.get(0), pool, chunk -> {
                Path f = dir.resolve("floor-" + replica + "-" + fileNo.getAndIncrement());
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    while (chunk.hasRemaining()) {
                        ch.write(chunk);
                    }
                    ch.force(true);
                }
            })));
            for (InetSocketAddress a : forward) {
                SocketChannel out = SocketChannel.open(a);
                outs.add(out);
                BlockingQueue<Chunk> q = new LinkedBlockingQueue<>();
                sinks.add(q);
                sinkDone.add(threads.submit(() -> drain(q, pool, chunk -> {
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                })));
            }
            boolean eof = false;
            while (!eof) {
                ByteBuffer buf = nextBuffer(pool, sinkDone);
                buf.clear();
                while (buf.hasRemaining() && !eof) {
                    eof = from.read(buf) < 0;
                }
                buf.flip();
                if (!buf.hasRemaining()) {
                    pool.add(buf);
                    break;
                }
                Chunk chunk = new Chunk(buf, new AtomicInteger(sinks.size()));
                for (BlockingQueue<Chunk> q : sinks) {
                    q.add(chunk);
                }
            }
            for (BlockingQueue<Chunk> q : sinks) {
                q.add(END);
            }
            for (Future<?> f : sinkDone) {
                f.get();
            }
        } finally {
            for (SocketChannel out : outs) {
                out.close();
            }
        }
    }

    /** A free buffer, once a sink returns one; a failed sink's error instead of waiting for ever. */
    private static ByteBuffer nextBuffer(BlockingQueue<ByteBuffer> pool, List<Future<?>> sinks) throws Exception {
        for (ByteBuffer buf = pool.poll(1, TimeUnit.SECONDS); ; buf = pool.poll(1, TimeUnit.SECONDS)) {
            if (buf != null) {
                return buf;
            }
            for (Future<?> f : sinks) {
                if (f.isDone()) {
                    f.get();
                }
            }
        }
    }

    private interface ChunkAction {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** A sink: does its action to each chunk (its own view of it); the last sink done with a buffer returns it to the pool. */
    private static Void drain(BlockingQueue<Chunk> queue, BlockingQueue<ByteBuffer> pool, ChunkAction action)
            throws InterruptedException {
        for (Chunk c = queue.take(); c != END; c = queue.take()) {
            try {
                action.accept(c.buf().duplicate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (c.users().decrementAndGet() == 0) {
                pool.add(c.buf());
            }
        }
        return null;
    }
}
