package io.chordmr.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Client pipeline for one peer: framing, codec, then the pending-call table. */
final class PeerConnectionInitializer extends ChannelInitializer<SocketChannel> {

    private static final FrameEncoder ENCODER = new FrameEncoder();

    private final Address peer;
    private final int maxFrameBytes;

    PeerConnectionInitializer(Address peer, int maxFrameBytes) {
        this.peer = peer;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("decoder", new FrameDecoder(maxFrameBytes))
                .addLast("encoder", ENCODER)
                .addLast(new PeerConnection(peer));
    }
}
