package io.chordmr.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chordmr.manifest.JobSpec;
import io.chordmr.client.JobStatus;
import io.chordmr.client.JobTasks;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.engine.manifest.JobManifest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /jobs}: submit (a manifest, or {@code {id, name, spec}}), list, status, cancel, and
 * purge ({@code DELETE /jobs/{id}?purge=true}). Runs on the worker pool.
 */
final class JobRoutes {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiContext api;

    JobRoutes(ApiContext api) {
        this.api = api;
    }

    void submit(Call c) {
        byte[] body = c.body();
        JsonNode root;
        try {
            root = YAML.readTree(body);
        } catch (IOException e) {
            c.error(HttpResponseStatus.BAD_REQUEST, "the body is neither JSON nor YAML: " + e.getMessage());
            return;
        }
        if (root == null || !root.isObject()) {
            c.error(HttpResponseStatus.BAD_REQUEST, "the body must be a job manifest or {id, name, spec}");
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
            c.json(HttpResponseStatus.CREATED, status);
        } catch (InvalidJobException e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", e.getMessage());
            err.put("problems", e.problems());
            err.put("status", 400);
            c.json(HttpResponseStatus.BAD_REQUEST, err);
        }
    }

    void list(Call c) {
        c.ok(Map.of("jobs", api.jobs().list()));
    }

    void status(Call c) {
        reply(c, api.jobs().status(c.param("id")));
    }

    void tasks(Call c) {
        reply(c, api.jobs().tasks(c.param("id")));
    }

    /** Cancels a running job, or with {@code ?purge=true} forgets a finished one (409 while it runs). */
    void cancelOrPurge(Call c) {
        String id = c.param("id");
        if (!"true".equals(c.query("purge"))) {
            reply(c, api.jobs().cancel(id));
            return;
        }
        try {
            reply(c, api.jobs().purge(id));
        } catch (IllegalStateException e) {
            c.error(HttpResponseStatus.CONFLICT, e.getMessage());
        }
    }

    /** Suspends or resumes a job; 409 when its coordinator cannot be reached to take the word. */
    void suspend(Call c, boolean suspended) {
        try {
            reply(c, api.jobs().suspend(c.param("id"), suspended));
        } catch (IllegalStateException e) {
            c.error(HttpResponseStatus.CONFLICT, e.getMessage());
        }
    }

    /** The job's status, or 404 when the ring has no job with that id. */
    /** The answer, or a 404 for an unknown job. */
    private static void reply(Call c, Object s) {
        if (s == null) {
            c.error(HttpResponseStatus.NOT_FOUND, "no job with id '" + c.param("id") + "'");
        } else {
            c.ok(s);
        }
    }
}
