package io.chordmr.http;

import io.chordmr.net.ClusterToken;
import io.chordmr.net.ConnectionGuard;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the API's routes ({@link #routes}) for requests whose body the aggregator collected.
 * Routes that need the token run on the worker pool; the event loop only matches and checks.
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpApiHandler.class);

    private final ApiContext api;
    private final RouteTable routes;

    HttpApiHandler(ApiContext api, RouteTable routes) {
        this.api = api;
        this.routes = routes;
    }

    /** Every route of the API. */
    static RouteTable routes(ApiContext api, DatasetRoutes datasets) {
        JobRoutes jobs = new JobRoutes(api);
        UiAssets ui = new UiAssets();
        return new RouteTable()
                // The dashboard's files carry no data (its script reads the routes below with the token).
                .add(HttpMethod.GET, "/ui", RouteTable.Access.PUBLIC, ui::page)
                .add(HttpMethod.GET, "/ui/", RouteTable.Access.PUBLIC, ui::page)
                .add(HttpMethod.GET, "/ui/{file}", RouteTable.Access.PUBLIC, ui::file)
                .add(HttpMethod.GET, "/healthz", RouteTable.Access.PUBLIC, c -> c.ok(Map.of("status", "ok")))
                .add(HttpMethod.GET, "/readyz", RouteTable.Access.PUBLIC, c -> {
                    boolean ready = api.ring().isMember();
                    c.json(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("ready", ready));
                })
                .add(HttpMethod.GET, "/metrics", RouteTable.Access.PUBLIC, c -> Responses.send(c.ctx(), HttpResponseStatus.OK,
                        "text/plain; version=0.0.4; charset=utf-8", api.metrics().scrape().getBytes(StandardCharsets.UTF_8), c.keepAlive()))
                .add(HttpMethod.GET, "/ring", RouteTable.Access.TOKEN, c -> c.ok(RingView.of(api, "true".equals(c.query("positions")))))
                .add(HttpMethod.GET, "/datasets", RouteTable.Access.TOKEN, datasets::list)
                .add(HttpMethod.PUT, "/datasets/{name}", RouteTable.Access.TOKEN, datasets::putFromUrl)
                .add(HttpMethod.GET, "/datasets/{name}", RouteTable.Access.TOKEN, datasets::get)
                .add(HttpMethod.GET, "/datasets/{name}/replicas", RouteTable.Access.TOKEN, datasets::replicas)
                .add(HttpMethod.DELETE, "/datasets/{name}", RouteTable.Access.TOKEN, datasets::delete)
                .add(HttpMethod.POST, "/datasets/{name}/export", RouteTable.Access.TOKEN, datasets::export)
                .add(HttpMethod.GET, "/jobs", RouteTable.Access.TOKEN, jobs::list)
                .add(HttpMethod.POST, "/jobs", RouteTable.Access.TOKEN, jobs::submit)
                .add(HttpMethod.GET, "/jobs/{id}", RouteTable.Access.TOKEN, jobs::status)
                .add(HttpMethod.GET, "/jobs/{id}/tasks", RouteTable.Access.TOKEN, jobs::tasks)
                .add(HttpMethod.DELETE, "/jobs/{id}", RouteTable.Access.TOKEN, jobs::cancelOrPurge)
                .add(HttpMethod.POST, "/jobs/{id}/suspend", RouteTable.Access.TOKEN, c -> jobs.suspend(c, true))
                .add(HttpMethod.POST, "/jobs/{id}/resume", RouteTable.Access.TOKEN, c -> jobs.suspend(c, false))
                // The pod's preStop hook: returns once the node's keys are with their other replicas and it left the ring.
                .add(HttpMethod.POST, "/leave", RouteTable.Access.TOKEN, c -> {
                    api.leave().run();
                    c.ok(Map.of("left", true, "node", api.ring().self().name()));
                });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        RouteTable.Match match = routes.find(req.method(), q.rawPath());
        RouteTable.Route route = match.route();
        // Without the token, nothing but the probes is told apart: not even which paths exist.
        if ((route == null || route.access() == RouteTable.Access.TOKEN) && !authorized(ctx, req, api.token())) {
            refuse(ctx, api, req.method(), path);
            return;
        }
        if (route == null) {
            if (match.allowed().isEmpty()) {
                Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "no route for " + req.method() + " " + path, keepAlive);
            } else {
                String allowed = match.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
                Responses.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, req.method() + " is not allowed on " + path + "; it allows "
                        + allowed, keepAlive, Map.of(HttpHeaderNames.ALLOW, allowed));
            }
            return;
        }
        Call call = new Call(ctx, match.params(), q, ByteBufUtil.getBytes(req.content()), keepAlive);
        if (route.access() == RouteTable.Access.PUBLIC) {
            run(route, call);
        } else {
            api.workers().execute(() -> run(route, call));
        }
    }

    private void run(RouteTable.Route route, Call call) {
        try {
            route.handler().handle(call);
        } catch (Exception e) {
            Responses.failure(call.ctx(), api.ring().self().name(), e);
        }
    }

    /** Whether the request carries the token; when it does, the connection counts as authenticated ({@link ConnectionGuard}). */
    static boolean authorized(ChannelHandlerContext ctx, HttpRequest req, ClusterToken token) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String presented = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        boolean ok = token.accepts(presented);
        if (ok) {
            ConnectionGuard.authenticated(ctx.channel());
        }
        return ok;
    }

    /** A 401, logged with who asked for what (never with what they presented), and the connection closed. */
    static void refuse(ChannelHandlerContext ctx, ApiContext api, HttpMethod method, String path) {
        log.warn("http: node={} refused {} {} from {}: missing or wrong cluster token", api.ring().self().name(), method, path,
                ctx.channel().remoteAddress());
        Responses.error(ctx, HttpResponseStatus.UNAUTHORIZED, "missing or wrong cluster token (send 'Authorization: Bearer <token>')", false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("http: node={} closing connection from {}: {}", api.ring().self().name(), ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
