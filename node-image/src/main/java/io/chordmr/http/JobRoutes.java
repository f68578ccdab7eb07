package io.chordmr.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chordmr.api.spec.JobSpec;
import io.chordmr.engine.message.JobStatus;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.engine.manifest.JobManifest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /jobs}: submit (a manifest, or {@code {id, name, spec}}), list, status, cancel. Runs on
 * the worker pool.
 */
final class JobRoutes {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiContext api;

    JobRoutes(ApiContext api) {
        this.api = api;
    }

    void submit(ChannelHandlerContext ctx, byte[] body, boolean keepAlive) {
        JsonNode root;
        try {
            root = YAML.readTree(body);
        } catch (IOException e) {
            Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, "the body is neither JSON nor YAML: " + e.getMessage(), keepAlive);
            return;
        }
        if (root == null || !root.isObject()) {
            Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, "the body must be a job manifest or {id, name, spec}", keepAlive);
            return;
        }
        try {
            String name;
            JobSpec spec;
            if (root.has("apiVersion") || root.has("kind")) {
                JobManifest m = JobManifest.parseYaml(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                name = m.name();
                spec = m.spec();
            } else {
                name = root.path("name").asText("job");
                if (!root.has("spec")) {
                    throw new InvalidJobException("spec is missing");
                }
                spec = JobManifest.specFrom(root.get("spec"));
            }
            String id = root.hasNonNull("id") ? root.get("id").asText() : name + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
            JobStatus status = api.jobs().submit(id, name, spec);
            Responses.json(ctx, HttpResponseStatus.CREATED, status, keepAlive);
        } catch (InvalidJobException e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", e.getMessage());
            err.put("problems", e.problems());
            err.put("status", 400);
            Responses.json(ctx, HttpResponseStatus.BAD_REQUEST, err, keepAlive);
        }
    }

    void list(ChannelHandlerContext ctx, boolean keepAlive) {
        Responses.json(ctx, HttpResponseStatus.OK, Map.of("jobs", api.jobs().list()), keepAlive);
    }

    void status(ChannelHandlerContext ctx, String id, boolean keepAlive) {
        reply(ctx, id, api.jobs().status(id), keepAlive);
    }

    void purge(ChannelHandlerContext ctx, String id, boolean keepAlive) {
        try {
            reply(ctx, id, api.jobs().purge(id), keepAlive);
        } catch (IllegalStateException e) {
            Responses.error(ctx, HttpResponseStatus.CONFLICT, e.getMessage(), keepAlive);
        }
    }

    void cancel(ChannelHandlerContext ctx, String id, boolean keepAlive) {
        reply(ctx, id, api.jobs().cancel(id), keepAlive);
    }

    /** The job's status, or 404 when the ring has no job with that id. */
    private static void reply(ChannelHandlerContext ctx, String id, JobStatus s, boolean keepAlive) {
        if (s == null) {
            Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "no job with id '" + id + "'", keepAlive);
        } else {
            Responses.json(ctx, HttpResponseStatus.OK, s, keepAlive);
        }
    }
}
