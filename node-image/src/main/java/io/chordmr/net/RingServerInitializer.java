package io.chordmr.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Server pipeline: the connection guard, TLS when the node has it, framing, codec, then the request handler. */
final class RingServerInitializer extends ChannelInitializer<SocketChannel> {

    private static final FrameEncoder ENCODER = new FrameEncoder();

    private final ClusterToken token;
    private final int maxFrameBytes;
    private final Dispatcher handler;
    private final ConnectionGuard guard = new ConnectionGuard("ring", ConnectionGuard.Limits.fromSystem(600_000));

    private final NodeTls tls;

    RingServerInitializer(ClusterToken token, int maxFrameBytes, Dispatcher handler, NodeTls tls) {
        this.tls = tls;
        this.token = token;
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.ringServer(ch.alloc()));
        }
        ch.pipeline()
                .addLast("decoder", new FrameDecoder(maxFrameBytes))
                .addLast("encoder", ENCODER)
                .addLast("handler", new RingServerHandler(token, handler));
        guard.install(ch.pipeline());
    }
}
