package io.chordmr.engine.input;

import java.net.URI;

/** URLs as logs and messages may show them: without the user info or query that can carry a secret. */
public final class Urls {

    private Urls() {
    }

    /** {@code scheme://host[:port]/path}, with {@code ?…} where a query was; the text as it is when it does not parse. */
    public static String shown(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null) {
                return url;
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath())
                    + (u.getRawQuery() == null ? "" : "?…");
        } catch (IllegalArgumentException e) {
            return "(an invalid URL)";
        }
    }
}
