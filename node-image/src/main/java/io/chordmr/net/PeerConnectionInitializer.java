package io.chordmr.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Client pipeline for one peer: TLS when the node has it, framing, codec, then the pending-call table. */
final class PeerConnectionInitializer extends ChannelInitializer<SocketChannel> {

    private static final FrameEncoder ENCODER = new FrameEncoder();

    private final Address peer;
    private final int maxFrameBytes;

    private final NodeTls tls;

    PeerConnectionInitializer(Address peer, int maxFrameBytes, NodeTls tls) {
        this.tls = tls;
        this.peer = peer;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.ringClient(ch.alloc(), peer.host(), peer.port()));
        }
        ch.pipeline()
                .addLast("decoder", new FrameDecoder(maxFrameBytes))
                .addLast("encoder", ENCODER)
                .addLast(new PeerConnection(peer));
    }
}
