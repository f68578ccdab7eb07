package io.chordmr.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a job spec's values that need no cluster: each problem names its field and the
 * wrong value. The node adds what needs the ring (datasets exist, classes load); the operator
 * runs these before it waits for a cluster.
 */
public final class JobSpecProblems {

    public static final int MAX_REDUCES = 10_000;
    public static final int MAX_ATTEMPTS = 100;
    /** Below this a JVM running the engine's buffers cannot do useful work. */
    public static final long MIN_TASK_HEAP = 32L << 20;

    private JobSpecProblems() {
    }

    /** Every problem of the spec; empty when it may be submitted. */
    public static List<String> of(JobSpec s) {
        List<String> p = new ArrayList<>();
        InputSpec in = s.getInput();
        int kinds = in == null ? 0 : (in.getLines() != null ? 1 : 0) + (in.getDataset() != null ? 1 : 0)
                + (in.getUrl() != null || in.getUrls() != null ? 1 : 0);
        if (kinds == 0) {
            p.add("spec.input is missing: give input.lines, input.dataset or input.url");
        } else if (kinds > 1) {
            p.add("spec.input gives more than one of lines, dataset and url(s); give one");
        } else if (in.getUrl() != null || in.getUrls() != null) {
            urls(in, s.getSplit(), p);
        } else if (in.getDataset() != null) {
            name("spec.input.dataset", in.getDataset(), p);
        } else if (in.getLines().stream().anyMatch(l -> l == null || l.indexOf('\n') >= 0)) {
            p.add("spec.input.lines must be single lines without newlines, and not null");
        }
        SplitSpec split = s.getSplit();
        if (split != null) {
            if (split.getBytes() != null && split.getRecords() != null) {
                p.add("spec.split has both bytes and records; give one");
            }
            positive("spec.split.bytes", split.getBytes(), p);
            positive("spec.split.records", split.getRecords(), p);
        }
        step("spec.mapper", s.getMapper(), true, p);
        step("spec.reducer", s.getReducer(), true, p);
        step("spec.combiner", s.getCombiner(), false, p);
        if (s.getPartitioner() != null && s.getPartitioner().getClassName() == null) {
            p.add("spec.partitioner needs a class");
        }
        if (s.getReduces() != null && (s.getReduces() < 1 || s.getReduces() > MAX_REDUCES)) {
            p.add("spec.reduces must be between 1 and " + MAX_REDUCES + ", got " + s.getReduces());
        }
        if (s.getMaxAttempts() != null && (s.getMaxAttempts() < 1 || s.getMaxAttempts() > MAX_ATTEMPTS)) {
            p.add("spec.maxAttempts must be between 1 and " + MAX_ATTEMPTS + ", got " + s.getMaxAttempts());
        }
        if (s.getTaskTimeoutSeconds() != null && s.getTaskTimeoutSeconds() < 1) {
            p.add("spec.taskTimeoutSeconds must be at least 1, got " + s.getTaskTimeoutSeconds());
        }
        if (s.getTaskHeap() != null) {
            try {
                long heap = MemorySize.parse("spec.taskHeap", s.getTaskHeap());
                if (heap < MIN_TASK_HEAP) {
                    p.add("spec.taskHeap must be at least " + MemorySize.format(MIN_TASK_HEAP) + ", got " + s.getTaskHeap());
                }
            } catch (IllegalArgumentException e) {
                p.add(e.getMessage());
            }
        }
        if (s.getTtlSecondsAfterFinished() != null && s.getTtlSecondsAfterFinished() < 0) {
            p.add("spec.ttlSecondsAfterFinished must be 0 or more, got " + s.getTtlSecondsAfterFinished());
        }
        if (s.getActiveDeadlineSeconds() != null && s.getActiveDeadlineSeconds() < 1) {
            p.add("spec.activeDeadlineSeconds must be at least 1, got " + s.getActiveDeadlineSeconds());
        }
        if (s.getOutput() != null && s.getOutput().getDataset() != null) {
            name("spec.output.dataset", s.getOutput().getDataset(), p);
        }
        if (s.getOutput() != null && s.getOutput().getUrl() != null) {
            String u = s.getOutput().getUrl();
            if (s.getOutput().getDataset() != null) {
                p.add("spec.output has both dataset and url; give one");
            }
            if (!u.startsWith("s3://") || u.length() <= "s3://".length() || u.substring(5).startsWith("/")) {
                p.add("spec.output.url: '" + u + "' is not an s3://bucket/prefix/ URL");
            }
        }
        if (s.getJar() != null) {
            name("spec.jar", s.getJar(), p);
        }
        files(s.getFiles(), p);
        return p;
    }

    private static void files(List<FileSpec> files, List<String> p) {
        if (files == null) {
            return;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            String field = "spec.files[" + i + "]";
            FileSpec f = files.get(i);
            int given = f == null ? 0 : (f.getDataset() != null ? 1 : 0) + (f.getUrl() != null ? 1 : 0) + (f.getPath() != null ? 1 : 0);
            if (given != 1) {
                p.add(field + " needs exactly one of dataset, url and path");
                continue;
            }
            if (f.getDataset() != null) {
                name(field + ".dataset", f.getDataset(), p);
            }
            if (f.getUrl() != null && !(f.getUrl().startsWith("http://") || f.getUrl().startsWith("https://")
                    || f.getUrl().startsWith("s3://"))) {
                p.add(field + ".url: '" + f.getUrl() + "' is not an http://, https:// or s3:// URL");
            }
            String local = f.localName();
            List<String> wrong = new ArrayList<>();
            name(field + ".name", local, wrong);
            if (!wrong.isEmpty()) {
                p.add(field + ": the name tasks would find it under, '" + local + "', is not a plain file name: give one in name");
            } else if (!names.add(local)) {
                p.add(field + ": a second file named '" + local + "'");
            }
        }
    }

    private static void urls(InputSpec in, SplitSpec split, List<String> p) {
        if (in.getUrls() != null && in.getUrls().isEmpty()) {
            p.add("spec.input.urls is empty");
        }
        for (String u : in.allUrls()) {
            if (u == null || !(u.startsWith("http://") || u.startsWith("https://") || u.startsWith("s3://"))) {
                p.add("spec.input.url: '" + u + "' is not an http://, https:// or s3:// URL");
            } else {
                try {
                    java.net.URI uri = new java.net.URI(u);
                    if (uri.getHost() == null) {
                        p.add("spec.input.url: '" + u + "' names no " + (u.startsWith("s3://") ? "bucket" : "host"));
                    }
                } catch (java.net.URISyntaxException e) {
                    p.add("spec.input.url: '" + u + "' is not a valid URL: " + e.getReason());
                }
            }
        }
        if (split != null && split.getRecords() != null) {
            p.add("spec.split.records applies to lines and datasets; split URL input by bytes");
        }
    }

    private static void step(String field, StepSpec step, boolean required, List<String> p) {
        if (step == null) {
            if (required) {
                p.add(field + " is missing: give " + field + ".class or " + field + ".command");
            }
            return;
        }
        boolean hasClass = step.getClassName() != null && !step.getClassName().isBlank();
        boolean hasCommand = step.getCommand() != null && !step.getCommand().isBlank();
        if (hasClass == hasCommand) {
            p.add(field + " needs exactly one of class or command");
        }
    }

    private static void positive(String field, Long v, List<String> p) {
        if (v != null && v <= 0) {
            p.add(field + " must be positive, got " + v);
        }
    }

    private static void name(String field, String value, List<String> p) {
        String problem = DatasetNames.problem(value);
        if (problem != null) {
            p.add(field + ": " + problem);
        }
    }
}
