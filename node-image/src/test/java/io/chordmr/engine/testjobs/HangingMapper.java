package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.examples.StringWordCountMapper;

/** Word count that never returns from a line containing HANG, and ignores interrupts. */
public class HangingMapper extends StringWordCountMapper {

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        if (line.contains("HANG")) {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    // deliberately deaf: the engine must cope with code that ignores its kill
                }
            }
        }
        super.map(offset, line, out);
    }
}
