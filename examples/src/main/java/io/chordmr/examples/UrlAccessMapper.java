package io.chordmr.examples;

import io.chordmr.api.Counter;
import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import io.chordmr.api.TaskContext;

/**
 * URL access frequency over web-server logs in Common Log Format
 * ({@code host - - [time] "GET /path HTTP/1.0" 200 1234}): emits (path, 1) per request line.
 * Lines that are not requests count as {@code logs.malformed}.
 */
public class UrlAccessMapper implements Mapper<Long, String, String, Long> {

    private Counter malformed;

    @Override
    public void setup(TaskContext context) {
        malformed = context.counter("logs", "malformed");
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        int q = line.indexOf('"');
        int end = q < 0 ? -1 : line.indexOf('"', q + 1);
        if (end < 0) {
            malformed.increment();
            return;
        }
        String[] request = line.substring(q + 1, end).split(" ");
        if (request.length < 2) {
            malformed.increment();
            return;
        }
        out.emit(request[1], 1L);
    }
}
