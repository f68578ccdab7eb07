package io.chordmr.engine;

import io.chordmr.manifest.FileSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.MemorySize;
import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.engine.coord.AttemptState;
import io.chordmr.engine.coord.JobRecord;
import io.chordmr.engine.coord.JobRecords;
import io.chordmr.engine.coord.JobStatusMapper;
import io.chordmr.engine.input.S3Clients;
import io.chordmr.engine.input.Urls;
import io.chordmr.engine.output.S3OutputCommitter;
import io.chordmr.engine.jobcode.JobCode;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.engine.manifest.JobSpecValidator;
import io.chordmr.engine.message.EngineMessageType;
import io.chordmr.engine.message.EngineMessages.JobControl;
import io.chordmr.engine.message.EngineMessages.JobOp;
import io.chordmr.client.JobStatus;
import io.chordmr.client.JobTasks;
import io.chordmr.ring.NodeRef;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.DatasetName;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Submitting, listing, watching and cancelling jobs, from any node. */
public final class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final EngineContext ctx;
    private final JobRecords records;
    private final Engine engine;

    JobService(EngineContext ctx, JobRecords records, Engine engine) {
        this.ctx = ctx;
        this.records = records;
        this.engine = engine;
    }

    /**
     * Submits a job under {@code id}; submitting an id again returns the existing job (so an
     * operator that restarts never runs a job twice).
     *
     * @throws InvalidJobException naming every problem of the spec, its classes and its datasets
     */
    public JobStatus submit(String id, String name, JobSpec spec) {
        try {
            DatasetName.validate(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("job id: " + e.getMessage().replace("dataset name", "job id"));
        }
        if (records.read(id) != null) {
            // The coordinator's answer, not the saved record: the record of a job that just ended can
            // still say Running on the replica read, while status already says how it ended.
            JobStatus existing = status(id);
            if (existing != null) {
                return existing;
            }
        }
        JobSpecValidator.validate(spec);
        String outputUrl = spec.getOutput() == null ? null : spec.getOutput().getUrl();
        String output = outputUrl != null ? null
                : spec.getOutput() != null && spec.getOutput().getDataset() != null ? spec.getOutput().getDataset() : id + "-output";
        List<String> problems = ringProblems(spec, output);
        if (!problems.isEmpty()) {
            throw new InvalidJobException(problems);
        }
        checkCode(id, spec);
        JobRecord r = new JobRecord();
        r.id = id;
        r.name = name;
        r.spec = spec;
        r.outputDataset = output;
        r.submitMillis = System.currentTimeMillis();
        if (spec.getInput().getLines() != null) {
            r.inputDataset = id + "-input";
            r.inputIsTemporary = true;
            storeLines(r.inputDataset, spec);
        } else {
            r.inputDataset = spec.getInput().getDataset(); // null for URL input: the coordinator lists the files
        }
        records.write(r);
        wake(id);
        log.info("engine: node={} accepted job={} name={} input={} output={}", ctx.self().name(), id, name,
                r.inputDataset != null ? r.inputDataset : spec.getInput().allUrls().stream().map(Urls::shown).toList(),
                output != null ? output : Urls.shown(outputUrl));
        return JobStatusMapper.of(r);
    }

    /** What this ring cannot do for a valid spec: datasets missing or in the way, a task heap larger than its nodes give. */
    private List<String> ringProblems(JobSpec spec, String output) {
        List<String> problems = new ArrayList<>();
        if (spec.getInput().getDataset() != null && ctx.datasets().meta(spec.getInput().getDataset()) == null) {
            problems.add("spec.input.dataset: no dataset named '" + spec.getInput().getDataset() + "'");
        }
        for (String url : spec.getInput().allUrls()) {
            try {
                if (ctx.inputs().list(url).isEmpty()) {
                    problems.add("spec.input.url: " + Urls.shown(url) + " names no object");
                }
            } catch (IOException e) {
                problems.add("spec.input.url: " + e.getMessage());
            }
        }
        if (output != null && ctx.datasets().meta(output) != null) {
            problems.add("spec.output.dataset: dataset '" + output + "' already exists; delete it or choose another");
        }
        if (spec.getOutput() != null && spec.getOutput().getUrl() != null) {
            S3OutputCommitter.problem(S3Clients.shared(), spec.getOutput().getUrl(), spec.getOutput().overwriteOrDefault())
                    .ifPresent(problems::add);
        }
        problems.addAll(fileProblems(spec));
        busyOutput(spec.getOutput() == null ? null : spec.getOutput().getUrl(), output).ifPresent(problems::add);
        if (spec.getJar() != null && ctx.datasets().meta(spec.getJar()) == null) {
            problems.add("spec.jar: no dataset named '" + spec.getJar() + "' holds a job jar");
        }
        TaskProcessSettings tasks = ctx.config().taskProcesses();
        if (tasks != null && tasks.heapFor(spec) > tasks.maxHeapBytes()) {
            problems.add("spec.taskHeap: " + spec.getTaskHeap() + " is more than a node of this ring gives a task process (at most "
                    + MemorySize.format(tasks.maxHeapBytes()) + ")");
        }
        return problems;
    }

    /**
     * A job still running that writes where this one would: the same dataset, or an S3 prefix
     * inside or around this one's (its clean-up aborts every open upload under its prefix). Two
     * submits at the same moment can both pass; one after the other cannot.
     */
    private Optional<String> busyOutput(String url, String dataset) {
        S3OutputCommitter.Target mine = url == null ? null : S3OutputCommitter.Target.of(url);
        for (JobStatus other : list()) {
            if (other.terminal()) {
                continue;
            }
            if (dataset != null && dataset.equals(other.outputDataset())) {
                return Optional.of("spec.output.dataset: '" + dataset + "' is the output of job " + other.id() + ", still "
                        + other.state().label() + "; wait for it to end or choose another");
            }
            if (mine != null && other.outputUrl() != null && mine.overlaps(S3OutputCommitter.Target.of(other.outputUrl()))) {
                return Optional.of("spec.output.url: " + Urls.shown(url) + " overlaps " + Urls.shown(other.outputUrl()) + ", the output of job "
                        + other.id() + ", still " + other.state().label() + "; wait for it to end or choose another prefix");
            }
        }
        return Optional.empty();
    }

    /** Shipped files the ring cannot fetch: a missing dataset, an unreadable URL, a path only the command line can read. */
    private List<String> fileProblems(JobSpec spec) {
        List<String> problems = new ArrayList<>();
        List<FileSpec> files = spec.getFiles() == null ? List.of() : spec.getFiles();
        for (int i = 0; i < files.size(); i++) {
            FileSpec f = files.get(i);
            String field = "spec.files[" + i + "]";
            if (f.getPath() != null) {
                problems.add(field + ".path: '" + f.getPath() + "' is a local file; chordmr local and chordmr submit store it, a ring "
                        + "cannot read it: give a dataset or url");
            } else if (f.getDataset() != null && ctx.datasets().meta(f.getDataset()) == null) {
                problems.add(field + ".dataset: no dataset named '" + f.getDataset() + "'");
            } else if (f.getUrl() != null) {
                try {
                    if (ctx.inputs().list(f.getUrl()).size() != 1) {
                        problems.add(field + ".url: " + Urls.shown(f.getUrl()) + " must name exactly one file");
                    }
                } catch (IOException e) {
                    problems.add(field + ".url: " + e.getMessage());
                }
            }
        }
        return problems;
    }

    private void checkCode(String id, JobSpec spec) {
        Path jar = null;
        try {
            if (spec.getJar() != null) {
                jar = Files.createTempFile(ctx.workDir().getParent(), "check-" + id, ".jar");
                try (OutputStream out = Files.newOutputStream(jar)) {
                    ctx.datasets().copyTo(ctx.datasets().meta(spec.getJar()), out);
                }
            }
            new JobCode(spec, jar, null).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (jar != null) {
                jar.toFile().delete();
            }
        }
    }

    private void storeLines(String dataset, JobSpec spec) {
        byte[] text = (String.join("\n", spec.getInput().getLines()) + (spec.getInput().getLines().isEmpty() ? "" : "\n"))
                .getBytes(StandardCharsets.UTF_8);
        try {
            ctx.datasets().put(dataset, new ByteArrayInputStream(text), inputSplit(spec), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the spec asks its input to be split: records, bytes, or the default 4 MiB. */
    public static Split inputSplit(JobSpec spec) {
        if (spec.getSplit() == null) {
            return Split.DEFAULT;
        }
        if (spec.getSplit().getRecords() != null) {
            return Split.records(spec.getSplit().getRecords());
        }
        return spec.getSplit().getBytes() != null ? Split.bytes(spec.getSplit().getBytes()) : Split.DEFAULT;
    }

    private void wake(String id) {
        NodeRef owner = ctx.ownerOf(id);
        if (owner.equals(ctx.self())) {
            engine.scanOne(id);
        } else {
            ctx.send(owner.address(), EngineMessageType.JOB_CONTROL, new JobControl(JobOp.WAKE, id)).exceptionally(e -> null);
        }
    }

    /** The job's status, fresh from its coordinator, or as last saved; null for an unknown id. */
    public JobStatus status(String id) {
        return control(id, JobOp.STATUS, JobStatus.class, (r, e) -> JobStatusMapper.of(r));
    }

    /** The job's tasks and their attempts, fresh from its coordinator, or as last saved; null for an unknown id. */
    public JobTasks tasks(String id) {
        return control(id, JobOp.TASKS, JobTasks.class, (r, e) -> JobStatusMapper.tasks(r));
    }

    /**
     * What the job's coordinator answers to {@code op}; with none answering, what {@code unanswered}
     * makes of the job's saved record and the error; null for an unknown id.
     */
    private <T> T control(String id, JobOp op, Class<T> answer, BiFunction<JobRecord, RuntimeException, T> unanswered) {
        try {
            return ctx.call(ctx.ownerOf(id).address(), EngineMessageType.JOB_CONTROL, new JobControl(op, id), answer);
        } catch (RuntimeException e) {
            JobRecord r = records.read(id);
            return r == null ? null : unanswered.apply(r, e);
        }
    }

    /** Every job any member holds a record of, by id. */
    public List<JobStatus> list() {
        TreeSet<String> ids = new TreeSet<>();
        for (NodeRef n : ctx.ring().members(EngineContext.MAX_MEMBERS)) {
            try {
                Map<String, ChunkStore.Entry> keys = ctx.store().list(n, EngineContext.jobKey(""), "").join();
                keys.forEach((k, e) -> {
                    if (!e.tombstone()) {
                        ids.add(EngineContext.jobIdOf(k));
                    }
                });
            } catch (RuntimeException e) {
                log.debug("engine: cannot list jobs on {}: {}", n, e.toString());
            }
        }
        List<JobStatus> out = new ArrayList<>();
        for (String id : ids) {
            JobRecord r = records.read(id);
            if (r != null) {
                out.add(JobStatusMapper.of(r));
            }
        }
        return out;
    }

    /** Task attempts running now, by node name, as the running jobs' coordinators (or their saved records) tell. */
    public Map<String, Integer> runningAttemptsByNode() {
        Map<String, Integer> byNode = new TreeMap<>();
        for (JobStatus job : list()) {
            JobTasks t = job.terminal() ? null : tasks(job.id());
            if (t == null) {
                continue;
            }
            t.tasks().forEach(task -> task.attempts().stream().filter(a -> AttemptState.RUNNING.label().equals(a.state()) && a.node() != null)
                    .forEach(a -> byNode.merge(a.node(), 1, Integer::sum)));
        }
        return byNode;
    }

    /** Cancels a running job; returns its status, or null for an unknown id. */
    public JobStatus cancel(String id) {
        return control(id, JobOp.CANCEL, JobStatus.class, (r, e) -> {
            if (!r.terminal()) {
                r.cancel(System.currentTimeMillis());
                records.write(r);
            }
            return JobStatusMapper.of(r);
        });
    }

    /**
     * Suspends or resumes a job at its coordinator; null for an unknown id. Only a coordinator
     * changes a running job's record, so with none answering the call is refused, to be tried again.
     */
    public JobStatus suspend(String id, boolean suspended) {
        return control(id, suspended ? JobOp.SUSPEND : JobOp.RESUME, JobStatus.class, (r, e) -> {
            if (r.terminal()) {
                return JobStatusMapper.of(r);
            }
            throw new IllegalStateException("job '" + id + "' has no coordinator answering now (" + e.getMessage()
                    + "); try again in a moment");
        });
    }

    /**
     * Forgets a finished job: its record goes (the output dataset stays). A job still running is
     * refused; cancel it first. Returns the job's last status, or null for an unknown id.
     */
    public JobStatus purge(String id) {
        JobRecord r = records.read(id);
        if (r == null) {
            return null;
        }
        if (!r.terminal()) {
            throw new IllegalStateException("job '" + id + "' is " + r.state.label().toLowerCase() + "; cancel it before removing it");
        }
        records.delete(id);
        log.info("engine: node={} removed the record of job={} ({})", ctx.self().name(), id, r.state);
        return JobStatusMapper.of(r);
    }

    /** The output dataset of a finished job. */
    public DatasetMeta output(JobStatus status) {
        return status.outputDataset() == null ? null : ctx.datasets().meta(status.outputDataset());
    }
}
