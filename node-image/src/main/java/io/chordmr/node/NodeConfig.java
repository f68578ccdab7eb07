package io.chordmr.node;

import io.chordmr.engine.context.EngineConfig;
import io.chordmr.net.Address;
import io.chordmr.net.NodeTls;
import io.chordmr.net.ClusterToken;
import io.chordmr.ring.RingConfig;
import io.chordmr.store.StoreConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one node needs to start.
 *
 * @param name          stable name (the pod name); the node id is its hash
 * @param bindHost      interface the ports listen on
 * @param advertiseHost host name peers and clients use for this node
 * @param port          ring-protocol port, 0 for any free port
 * @param httpPort      HTTP API port, 0 for any free port, -1 for none
 * @param peers         addresses to join through; empty starts a new ring
 */
public record NodeConfig(String name, String bindHost, String advertiseHost, int port, int httpPort, Path dataDir,
                         List<Address> peers, RingConfig ring, StoreConfig store, ClusterToken token, int maxFrameBytes,
                         EngineConfig engine, NodeTls.Pem tls) {

    public static final int DEFAULT_PORT = 7400;
    public static final int DEFAULT_HTTP_PORT = 7480;
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

    /** A loopback node on free ports, as tests and {@code chordmr local} use. */
    public static NodeConfig loopback(String name, Path dataDir, List<Address> peers, ClusterToken token) {
        return new NodeConfig(name, "127.0.0.1", "127.0.0.1", 0, 0, dataDir, peers, RingConfig.DEFAULTS,
                StoreConfig.DEFAULTS, token, DEFAULT_MAX_FRAME_BYTES, EngineConfig.defaults(), null);
    }

    public NodeConfig withPeers(List<Address> p) {
        return new NodeConfig(name, bindHost, advertiseHost, port, httpPort, dataDir, p, ring, store, token, maxFrameBytes, engine, tls);
    }

    public NodeConfig withPort(int p) {
        return new NodeConfig(name, bindHost, advertiseHost, p, httpPort, dataDir, peers, ring, store, token, maxFrameBytes, engine, tls);
    }

    public NodeConfig withStore(StoreConfig s) {
        return new NodeConfig(name, bindHost, advertiseHost, port, httpPort, dataDir, peers, ring, s, token, maxFrameBytes, engine, tls);
    }

    public NodeConfig withRing(RingConfig r) {
        return new NodeConfig(name, bindHost, advertiseHost, port, httpPort, dataDir, peers, r, store, token, maxFrameBytes, engine, tls);
    }

    public NodeConfig withHttpPort(int p) {
        return new NodeConfig(name, bindHost, advertiseHost, port, p, dataDir, peers, ring, store, token, maxFrameBytes, engine, tls);
    }

    public NodeConfig withEngine(EngineConfig e) {
        return new NodeConfig(name, bindHost, advertiseHost, port, httpPort, dataDir, peers, ring, store, token, maxFrameBytes, e, tls);
    }

    /** TLS on both ports from these files; null for plain text (chordmr local, a ring on one machine). */
    public NodeConfig withTls(NodeTls.Pem t) {
        return new NodeConfig(name, bindHost, advertiseHost, port, httpPort, dataDir, peers, ring, store, token, maxFrameBytes, engine, t);
    }

    /** The largest chunk a dataset may have: a frame's worth, less room for the header. */
    public int maxChunkBytes() {
        return maxFrameBytes - (64 << 10);
    }

    /** The pod ordinal at the end of a StatefulSet name such as {@code ring-0}, or -1. */
    public int ordinal() {
        int dash = name.lastIndexOf('-');
        if (dash < 0 || dash == name.length() - 1) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
