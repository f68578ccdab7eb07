package io.chordmr.cli;

import io.chordmr.client.JobRejectedException;
import io.chordmr.client.NodeApiException;
import io.chordmr.client.NodeApi;
import ch.qos.logback.classic.Level;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.manifest.JobManifest;
import io.chordmr.logging.LoggingOptions;
import java.util.List;
import java.util.ArrayList;
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

    @Option(names = "--file", paramLabel = "FILE", description = "Ship FILE with the job: stored in the ring, every task finds it by its name (repeatable).")
    List<Path> files = new ArrayList<>();

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
        NodeApi api = client.client();
        if (jar != null) {
            job.spec().setJar(uploadJar(api, job.name(), jar));
        }
        ShippedFiles.resolve(job.spec(), manifest.toAbsolutePath().getParent(), files, (dataset, file) -> {
            try {
                api.put(dataset, file, null, null, false);
            } catch (NodeApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        });
        String jobId = id != null ? id : job.name() + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        JobStatus s;
        try {
            s = api.submit(jobId, job.name(), job.spec());
        } catch (JobRejectedException e) {
            System.err.println("chordmr submit: the ring refused the job:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 2;
        }
        System.out.println(jobId);
        if (!waitForIt) {
            return 0;
        }
        s = JobProgress.follow(() -> status(api, jobId), System.err);
        JobResults.printCounters(s, System.err);
        if (s.state() != JobState.SUCCEEDED) {
            System.err.println("chordmr submit: job " + s.state().label().toLowerCase() + ": " + s.error());
            return 1;
        }
        return 0;
    }

    /** The job's status, or null while no node answers (the follower keeps trying). */
    static JobStatus status(NodeApi api, String id) {
        try {
            return api.job(id).orElse(null);
        } catch (NodeApiException e) {
            return null;
        }
    }

    /** Stores the jar as a dataset named after its content, so the same jar is stored once. */
    private static String uploadJar(NodeApi api, String name, Path jar) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar " + jar + ": no such file");
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
        String dataset = name + "-jar-" + HexFormat.of().formatHex(digest, 0, 6);
        try {
            api.put(dataset, jar, null, null, false);
        } catch (NodeApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        return dataset;
    }
}
