package io.chordmr.api;

/**
 * Folds all values of one key into output pairs. Keys arrive sorted. Also serves as a combiner,
 * run on map output before the shuffle, when its input and output types are the same and the
 * fold may be applied more than once (a sum, a max, a union).
 *
 * <p>The values can be iterated once; a value object must not be kept after the next is taken.
 *
 * @param <K>  intermediate key
 * @param <V>  intermediate value
 * @param <KO> output key
 * @param <VO> output value
 */
public interface Reducer<K, V, KO, VO> {

    default void setup(TaskContext context) throws Exception {
    }

    void reduce(K key, Iterable<V> values, Emitter<KO, VO> out) throws Exception;

    default void cleanup(Emitter<KO, VO> out) throws Exception {
    }
}
