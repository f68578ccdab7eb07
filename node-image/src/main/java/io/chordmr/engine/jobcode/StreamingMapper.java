package io.chordmr.engine.jobcode;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import java.io.IOException;

/** A streaming map step: each input line goes to the command's stdin; its {@code key<TAB>value} lines are the output. */
final class StreamingMapper implements Mapper<Long, String, String, String>, AutoCloseable {

    private final String command;
    private StreamingProcess process;

    StreamingMapper(String command) {
        this.command = command;
    }

    @Override
    public void map(Long offset, String line, Emitter<String, String> out) throws IOException {
        if (process == null) {
            process = new StreamingProcess(command, out::emit);
        }
        process.write(line, null);
    }

    @Override
    public void cleanup(Emitter<String, String> out) throws Exception {
        if (process == null) {
            process = new StreamingProcess(command, out::emit);
        }
        process.finish();
    }

    @Override
    public void close() {
        if (process != null) {
            process.kill();
        }
    }
}
