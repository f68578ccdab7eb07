package io.chordmr.net;

import java.util.Objects;

/** A node's ring-protocol endpoint, written {@code host:port}. */
public record Address(String host, int port) {

    public Address {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("address host is empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("address port " + port + " is outside 0..65535");
        }
    }

    /** Parses {@code host:port}; the error names the bad text. */
    public static Address parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("address '" + text + "' is not host:port");
        }
        try {
            return new Address(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + text + "' has a port that is not a number", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
