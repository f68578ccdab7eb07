package io.chordmr.engine.jobcode;

import io.chordmr.api.Emitter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a streaming map and reduce step share: the command's process, started on the first
 * record (or at cleanup, for a step that saw none) and killed when the step is closed.
 */
abstract class StreamingStep implements AutoCloseable {

    private final String command;
    private final Path workDir;
    private StreamingProcess process;

    /** @param workDir the command's working directory (the job's shipped files), or null for the node's */
    StreamingStep(String command, Path workDir) {
        this.command = command;
        this.workDir = workDir;
    }

    /** The running process, started now if it is not yet. */
    final StreamingProcess process(Emitter<String, String> out) throws IOException {
        if (process == null) {
            process = new StreamingProcess(command, workDir, out::emit);
        }
        return process;
    }

    /** Closes the process's input and waits for its last output; the next record starts a new process. */
    final void finish(Emitter<String, String> out) throws Exception {
        try {
            process(out).finish();
        } finally {
            process = null;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.kill();
        }
    }
}
