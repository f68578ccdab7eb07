package io.chordmr.engine.jobcode;

import io.chordmr.api.Emitter;
import io.chordmr.api.Reducer;
import java.io.IOException;
import java.nio.file.Path;

/** A streaming reduce step: sorted {@code key<TAB>value} lines in, {@code key<TAB>value} lines out. */
final class StreamingReducer extends StreamingStep implements Reducer<String, String, String, String> {

    StreamingReducer(String command, Path workDir) {
        super(command, workDir);
    }

    @Override
    public void reduce(String key, Iterable<String> values, Emitter<String, String> out) throws IOException {
        StreamingProcess process = process(out);
        for (String v : values) {
            process.write(key, v);
        }
    }

    /** A combiner is flushed once per partition; the next partition starts a new process. */
    @Override
    public void cleanup(Emitter<String, String> out) throws Exception {
        finish(out);
    }
}
