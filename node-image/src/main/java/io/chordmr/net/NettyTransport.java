package io.chordmr.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring protocol on Netty sockets: one server socket, and one client connection per peer over
 * which requests are multiplexed by request id.
 */
public final class NettyTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Address advertised;
    private final ClusterToken token;
    private final int maxFrameBytes;
    private final NodeTls tls;
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final Map<Address, CompletableFuture<PeerConnection>> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Set<Address> cutOff = Set.of();

    private NettyTransport(EventLoopGroup group, Channel serverChannel, Address advertised,
                           ClusterToken token, int maxFrameBytes, NodeTls tls) {
        this.tls = tls;
        this.group = group;
        this.serverChannel = serverChannel;
        this.advertised = advertised;
        this.token = token;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Binds the server socket and starts serving.
     *
     * @param bindHost      interface to bind, such as 0.0.0.0 or 127.0.0.1
     * @param port          port to bind, 0 for any free port
     * @param advertiseHost host name peers use to reach this node
     * @param tls           mutual TLS on the ring port and to peers; null for plain text
     */
    public static NettyTransport start(String bindHost, int port, String advertiseHost, ClusterToken token,
                                       int maxFrameBytes, int ioThreads, Dispatcher handler, NodeTls tls) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new RingServerInitializer(token, maxFrameBytes, handler, tls));
            Channel ch = b.bind(bindHost, port).syncUninterruptibly().channel();
            int bound = ((InetSocketAddress) ch.localAddress()).getPort();
            Address advertised = new Address(advertiseHost, bound);
            log.info("net: ring protocol listening on {}:{} as {}", bindHost, bound, advertised);
            return new NettyTransport(group, ch, advertised, token, maxFrameBytes, tls);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    @Override
    public Address localAddress() {
        return advertised;
    }

    @Override
    public CompletableFuture<byte[]> request(Address to, MessageType type, byte[] body, Duration timeout) {
        return request(to, type, body, null, timeout);
    }

    @Override
    public CompletableFuture<byte[]> request(Address to, MessageType type, byte[] head, ByteBuf tail, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new PeerUnreachableException(to, "transport closed", null));
        }
        if (cutOff.contains(to)) {
            return CompletableFuture.failedFuture(new PeerUnreachableException(to, "cut off from this node", null));
        }
        long id = nextRequestId.getAndIncrement();
        // The frame holds its own reference to the tail, taken only once there is a connection to write it to.
        return connection(to, timeout).thenCompose(c -> c.send(
                Frame.request(type, id, token.bytes(), head, tail == null ? null : tail.retainedDuplicate()), type.name(), timeout));
    }

    private CompletableFuture<PeerConnection> connection(Address to, Duration timeout) {
        CompletableFuture<PeerConnection> existing = connections.get(to);
        if (existing != null && (!existing.isDone() || (!existing.isCompletedExceptionally() && existing.join().isActive()))) {
            return existing;
        }
        CompletableFuture<PeerConnection> fresh = new CompletableFuture<>();
        boolean mine = existing == null ? connections.putIfAbsent(to, fresh) == null : connections.replace(to, existing, fresh);
        if (!mine) {
            return connection(to, timeout);
        }
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new PeerConnectionInitializer(to, maxFrameBytes, tls));
        ChannelFuture cf = b.connect(to.host(), to.port());
        cf.addListener(f -> {
            if (f.isSuccess()) {
                // Usable once the handshake is done: a peer whose certificate is refused is unreachable, with the reason.
                Future<?> ready = tls == null ? f : cf.channel().pipeline().get(SslHandler.class).handshakeFuture();
                ready.addListener(h -> {
                    if (h.isSuccess()) {
                        fresh.complete(cf.channel().pipeline().get(PeerConnection.class));
                    } else {
                        connections.remove(to, fresh);
                        cf.channel().close();
                        fresh.completeExceptionally(new PeerUnreachableException(to, "TLS handshake failed", h.cause()));
                    }
                });
            } else {
                // Forget the failed attempt so the next request dials again.
                connections.remove(to, fresh);
                fresh.completeExceptionally(new PeerUnreachableException(to, "connect failed", f.cause()));
            }
        });
        return fresh;
    }

    /**
     * Fault injection for partition tests: requests to these peers fail as over a cut network and
     * their connections close; an empty set heals. Cut both ways (each side cuts the other) for a partition.
     */
    public void cutOff(Set<Address> peers) {
        cutOff = Set.copyOf(peers);
        peers.forEach(this::disconnect);
    }

    /** Closes the connection to one peer, failing its outstanding requests. */
    public void disconnect(Address peer) {
        CompletableFuture<PeerConnection> c = connections.remove(peer);
        if (c != null) {
            c.thenAccept(PeerConnection::close);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly();
        connections.values().forEach(c -> c.thenAccept(PeerConnection::close));
        connections.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        log.info("net: ring protocol on {} closed", advertised);
    }
}
