package io.chordmr.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shared secret every request carries. A token of {@link #NONE} disables the check
 * ({@code --insecure-no-auth}).
 */
public final class ClusterToken {

    public static final ClusterToken NONE = new ClusterToken(null);

    private final byte[] secret;

    private ClusterToken(byte[] secret) {
        this.secret = secret;
    }

    public static ClusterToken of(String token) {
        String t = token.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("cluster token is empty");
        }
        if (t.length() > FrameDecoder.MAX_TOKEN_BYTES) {
            throw new IllegalArgumentException("cluster token is longer than " + FrameDecoder.MAX_TOKEN_BYTES + " characters");
        }
        return new ClusterToken(t.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh random token: 32 bytes, hex. */
    public static ClusterToken generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return of(HexFormat.of().formatHex(b));
    }

    public boolean enforced() {
        return secret != null;
    }

    /** What a client sends: the secret, or nothing when unauthenticated. */
    public byte[] bytes() {
        return secret == null ? new byte[0] : secret.clone();
    }

    public String value() {
        return secret == null ? "" : new String(secret, StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so the answer time says nothing about the secret. */
    public boolean accepts(byte[] presented) {
        return secret == null || (presented != null && MessageDigest.isEqual(secret, presented));
    }

    public boolean accepts(String presented) {
        return secret == null || (presented != null && accepts(presented.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return secret == null ? "ClusterToken[none]" : "ClusterToken[****]";
    }
}
