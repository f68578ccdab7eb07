package io.chordmr.engine.jobcode;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import java.io.IOException;
import java.nio.file.Path;

/** A streaming map step: each input line goes to the command's stdin; its {@code key<TAB>value} lines are the output. */
final class StreamingMapper extends StreamingStep implements Mapper<Long, String, String, String> {

    StreamingMapper(String command, Path workDir) {
        super(command, workDir);
    }

    @Override
    public void map(Long offset, String line, Emitter<String, String> out) throws IOException {
        process(out).write(line, null);
    }

    @Override
    public void cleanup(Emitter<String, String> out) throws Exception {
        finish(out);
    }
}
