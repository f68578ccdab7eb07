package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.engine.message.JobStatus;
import io.chordmr.engine.manifest.JobManifest;
import io.chordmr.logging.LoggingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a job manifest to a running ring. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit the job in JOB.yaml to a running ring.")
final class SubmitCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Option(names = "--jar", paramLabel = "FILE", description = "A job jar: stored in the ring and loaded in its own class loader.")
    Path jar;

    @Option(names = "--id", description = "Job id (default: the manifest's name and a random suffix). Submitting an id again is a no-op.")
    String id;

    @Option(names = "--wait", description = "Follow the job's progress until it ends; exit 1 if it fails.")
    boolean waitForIt;

    @Parameters(index = "0", paramLabel = "JOB.yaml")
    Path manifest;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        JobManifest job = ManifestFile.read("submit", manifest);
        if (job == null) {
            return 2;
        }
        NodeHttpClient http = client.client();
        if (jar != null) {
            job.spec().setJar(uploadJar(http, job.name(), jar));
        }
        String jobId = id != null ? id : job.name() + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", jobId);
        body.put("name", job.name());
        body.put("spec", job.spec());
        JobStatus s = http.as(http.postJson("/jobs", body), JobStatus.class);
        System.out.println(jobId);
        if (!waitForIt) {
            return 0;
        }
        s = JobProgress.follow(() -> status(http, jobId), System.err);
        JobResults.printCounters(s, System.err);
        if (!"Succeeded".equals(s.state())) {
            System.err.println("chordmr submit: job " + s.state().label().toLowerCase() + ": " + s.error());
            return 1;
        }
        return 0;
    }

    static JobStatus status(NodeHttpClient http, String id) {
        try {
            return http.as(http.getJson("/jobs/" + id), JobStatus.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Stores the jar as a dataset named after its content, so the same jar is stored once. */
    private static String uploadJar(NodeHttpClient http, String name, Path jar) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar " + jar + ": no such file");
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
        String dataset = name + "-jar-" + HexFormat.of().formatHex(digest, 0, 6);
        try {
            http.putFile(dataset, jar, "");
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("already exists")) {
                throw e;
            }
        }
        return dataset;
    }
}
