package io.chordmr.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Identifiers on the ring: the first 64 bits of SHA-1, compared as unsigned numbers. */
public final class NodeId {

    private NodeId() {
    }

    /** The ring position of a node name or a key. */
    public static long hash(String text) {
        byte[] d = sha1().digest(text.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return v;
    }

    /** Sixteen hex digits, the form ids take in logs and in {@code /ring}. */
    public static String hex(long id) {
        return String.format("%016x", id);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
