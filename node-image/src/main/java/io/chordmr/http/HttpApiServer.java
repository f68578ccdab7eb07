package io.chordmr.http;

import io.chordmr.net.ConnectionGuard;
import io.chordmr.net.NodeTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's HTTP API on Netty. */
public final class HttpApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApiServer.class);
    /** The largest body aggregated for a route (a job submission); datasets are streamed, whatever their size. */
    static final int MAX_BODY_BYTES = 16 << 20;
    /** The longest request line (method, path and query, version) a node reads; longer is a 414. */
    static final int MAX_REQUEST_LINE_BYTES = 8192;
    /** The most header bytes a node reads; more is a 431. */
    static final int MAX_HEADER_BYTES = 16384;
    /**
     * The largest piece a body is handed on in: a socket read's worth, so an upload's chunk is made of
     * 64 such pieces, not 512 of Netty's default 8 KiB (a 512 MiB put took 2.7 s of CPU against 3.1-3.5, alternated).
     */
    static final int MAX_CONTENT_PIECE_BYTES = 64 << 10;

    private final EventLoopGroup group;
    private final Channel channel;
    private final int port;

    private HttpApiServer(EventLoopGroup group, Channel channel, int port) {
        this.group = group;
        this.channel = channel;
        this.port = port;
    }

    /** @param tls TLS for the port, or null for plain HTTP */
    public static HttpApiServer start(String bindHost, int port, NodeTls tls, ApiContext api) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        DatasetRoutes datasets = new DatasetRoutes(api);
        RouteTable routes = HttpApiHandler.routes(api, datasets);
        ConnectionGuard guard = new ConnectionGuard("http", ConnectionGuard.Limits.fromSystem(60_000));
        try {
            Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            if (tls != null) {
                                c.pipeline().addLast("tls", tls.httpServer(c.alloc()));
                            }
                            c.pipeline().addLast(new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, MAX_CONTENT_PIECE_BYTES),
                                    new BadRequestHandler(), new HttpServerExpectContinueHandler(),
                                    new DatasetUploadHandler(api, datasets), new JsonBodyAggregator(MAX_BODY_BYTES),
                                    new HttpApiHandler(api, routes));
                            guard.install(c.pipeline());
                        }
                    })
                    .bind(bindHost, port).syncUninterruptibly().channel();
            int bound = ((InetSocketAddress) ch.localAddress()).getPort();
            log.info("http: node={} API listening on {}:{}{}", api.ring().self().name(), bindHost, bound, tls == null ? "" : " (TLS)");
            return new HttpApiServer(group, ch, bound);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
