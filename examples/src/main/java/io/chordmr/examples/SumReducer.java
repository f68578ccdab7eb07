package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.LongSum;
import io.chordmr.api.Reducer;

/** (key, counts) → (key, sum). Also a combiner; as a {@link LongSum} the engine may sum in place of calling it. */
public class SumReducer implements Reducer<String, Long, String, Long>, LongSum {

    @Override
    public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
        long sum = 0;
        for (Long v : values) {
            sum += v;
        }
        out.emit(key, sum);
    }
}
