package io.chordmr.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard ({@code /ui}): a page, a script and a style sheet from the jar, read once. They
 * carry no data, so they are served without the token; the script reads the JSON API with the
 * token the user gives it, kept in the tab's session storage. A strict content security policy
 * lets the page load nothing but these files and call nothing but this node.
 */
final class UiAssets {

    private static final String ROOT = "/io/chordmr/ui/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    UiAssets() {
        TYPES.keySet().forEach(name -> files.put(name, read(name)));
    }

    private static byte[] read(String name) {
        try (InputStream in = UiAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /ui} and {@code /ui/}: the page. */
    void page(Call c) {
        serve(c, "index.html");
    }

    /** {@code GET /ui/{file}}. */
    void file(Call c) {
        String name = c.param("file");
        if (name.isEmpty() || !files.containsKey(name)) {
            c.error(HttpResponseStatus.NOT_FOUND, "the dashboard has no file '" + name + "'");
            return;
        }
        serve(c, name);
    }

    private void serve(Call c, String name) {
        Map<CharSequence, String> headers = Map.of(
                HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP,
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                // A new node version brings a new page: the browser asks again rather than run an old script.
                HttpHeaderNames.CACHE_CONTROL, "no-cache");
        Responses.send(c.ctx(), HttpResponseStatus.OK, TYPES.get(name), files.get(name), c.keepAlive(), headers);
    }
}
