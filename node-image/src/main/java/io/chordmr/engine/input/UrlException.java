package io.chordmr.engine.input;

import java.io.IOException;

/**
 * A URL that could not be read or written. The message names the URL as {@link Urls#shown} gives
 * it (no user info, no query) and the cause: the server's answer, or what is wrong with the URL.
 */
public final class UrlException extends IOException {

    private final boolean badUrl;

    private UrlException(String message, Throwable cause, boolean badUrl) {
        super(message, cause);
        this.badUrl = badUrl;
    }

    /** The URL itself is wrong: no server was asked. */
    static UrlException badUrl(String url, String why, Throwable cause) {
        return new UrlException(Urls.shown(url) + ": " + why, cause, true);
    }

    /** The server refused, failed or could not be reached. */
    static UrlException failed(String url, String why, Throwable cause) {
        return new UrlException(Urls.shown(url) + ": " + why, cause, false);
    }

    /** True when the URL is at fault (a caller's mistake), false when the server is (a gateway's failure). */
    public boolean badUrl() {
        return badUrl;
    }
}
