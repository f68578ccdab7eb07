package io.chordmr.api;

/**
 * Turns one input record into any number of intermediate (key, value) pairs. For text input the
 * key is the line's byte offset in the dataset and the value the line, without its newline.
 *
 * <p>One instance serves one task attempt: {@link #setup} once, {@link #map} per record,
 * {@link #cleanup} once. Instances are not shared between threads.
 *
 * @param <KI> input key, Long for text input
 * @param <VI> input value, String for text input
 * @param <KO> intermediate key
 * @param <VO> intermediate value
 */
public interface Mapper<KI, VI, KO, VO> {

    /** Called once before the first record; keep the context for counters and configuration. */
    default void setup(TaskContext context) throws Exception {
    }

    void map(KI key, VI value, Emitter<KO, VO> out) throws Exception;

    /** Called once after the last record; may emit more pairs. */
    default void cleanup(Emitter<KO, VO> out) throws Exception {
    }
}
