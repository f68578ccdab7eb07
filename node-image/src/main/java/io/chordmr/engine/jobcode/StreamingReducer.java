package io.chordmr.engine.jobcode;

import io.chordmr.api.Emitter;
import io.chordmr.api.Reducer;
import java.io.IOException;

/** A streaming reduce step: sorted {@code key<TAB>value} lines in, {@code key<TAB>value} lines out. */
final class StreamingReducer implements Reducer<String, String, String, String>, AutoCloseable {

    private final String command;
    private StreamingProcess process;

    StreamingReducer(String command) {
        this.command = command;
    }

    @Override
    public void reduce(String key, Iterable<String> values, Emitter<String, String> out) throws IOException {
        if (process == null) {
            process = new StreamingProcess(command, out::emit);
        }
        for (String v : values) {
            process.write(key, v);
        }
    }

    @Override
    public void cleanup(Emitter<String, String> out) throws Exception {
        if (process == null) {
            process = new StreamingProcess(command, out::emit);
        }
        try {
            process.finish();
        } finally {
            // A combiner is flushed once per partition; the next partition starts a new process.
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
