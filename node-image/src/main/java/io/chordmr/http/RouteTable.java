package io.chordmr.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's routes: method, path pattern ({@code /jobs/{id}}: a parameter is one path segment,
 * matched on the raw path and then decoded, so an encoded slash stays inside its parameter),
 * whether the cluster token is needed, and the handler. A path that matches with another method
 * is a 405 naming the methods it allows; a path that matches nothing is a 404.
 */
final class RouteTable {

    /** Serves one call; exceptions become error responses ({@link HttpApiHandler}). */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws Exception;
    }

    /** Who may call a route, and where it runs. */
    enum Access {
        /** No token (probes, metrics, the dashboard's files); answered on the event loop, so probes answer even when every worker is busy. */
        PUBLIC,
        /** The cluster token; run on the worker pool. */
        TOKEN
    }

    record Route(HttpMethod method, String template, Access access, Handler handler, Pattern pattern, List<String> names) {
    }

    /** What a request found: a route and its parameters, or the methods its path allows (empty: no such path). */
    record Match(Route route, Map<String, String> params, Set<HttpMethod> allowed) {
    }

    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    private final List<Route> routes = new ArrayList<>();

    RouteTable add(HttpMethod method, String template, Access access, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, access, handler, Pattern.compile(regex.toString()), List.copyOf(names)));
        return this;
    }

    Match find(HttpMethod method, String rawPath) {
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(rawPath);
            if (!m.matches()) {
                continue;
            }
            if (r.method().equals(method)) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < r.names().size(); i++) {
                    params.put(r.names().get(i), QueryStringDecoder.decodeComponent(m.group(i + 1)));
                }
                return new Match(r, params, Set.of());
            }
            allowed.add(r.method());
        }
        return new Match(null, Map.of(), allowed);
    }
}
