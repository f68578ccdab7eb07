package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.Reducer;
import io.chordmr.api.Text;

/** Sums over Text keys without saying it is a LongSum: the engine must call it, on keys of its own. */
public class TextSumCombiner implements Reducer<Text, Long, Text, Long> {

    @Override
    public void reduce(Text key, Iterable<Long> values, Emitter<Text, Long> out) {
        long sum = 0;
        for (Long v : values) {
            sum += v;
        }
        out.emit(key, sum);
    }
}
