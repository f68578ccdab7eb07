/**
 * The job API: what a ChordMR job's code is written against. JDK only, so a job jar depends on
 * nothing else.
 *
 * <p>A word count, as in Dean &amp; Ghemawat. The mapper gets each input line with its byte
 * offset and emits (word, 1); the reducer, also used as the combiner, sums the counts:
 *
 * <pre>{@code
 * public class WordCountMapper implements Mapper<Long, String, String, Long> {
 *     public void map(Long offset, String line, Emitter<String, Long> out) {
 *         for (String word : line.split("\\s+")) {
 *             if (!word.isEmpty()) {
 *                 out.emit(word, 1L);
 *             }
 *         }
 *     }
 * }
 *
 * public class SumReducer implements Reducer<String, Long, String, Long> {
 *     public void reduce(String word, Iterable<Long> counts, Emitter<String, Long> out) {
 *         long sum = 0;
 *         for (long c : counts) {
 *             sum += c;
 *         }
 *         out.emit(word, sum);
 *     }
 * }
 * }</pre>
 *
 * and the manifest that runs them ({@code chordmr local job.yaml} or {@code kubectl apply}):
 *
 * <pre>
 * apiVersion: chordmr.io/v1alpha1
 * kind: MapReduceJob
 * metadata: {name: word-count}
 * spec:
 *   input: {lines: ["hello world", "hello distributed computing"]}
 *   mapper: {class: com.example.WordCountMapper}
 *   combiner: {class: com.example.SumReducer}
 *   reducer: {class: com.example.SumReducer}
 *   reduces: 2
 * </pre>
 *
 * <p>Key and value types are read from the classes' generic declarations and encoded with a
 * {@link io.chordmr.api.Serde} from {@link io.chordmr.api.Serdes}: String, {@link
 * io.chordmr.api.Text}, Long, Integer, Double and byte[]. Keys reach a reducer sorted by their
 * encoding, which sorts like the values.
 *
 * <p>Where speed matters, take lines as {@link io.chordmr.api.Text} ({@code Mapper<Long, Text,
 * Text, Long>}): each line is a slice of the input, reused, with no String made for it, and the
 * words a mapper emits can be slices of it too (the shipped {@code WordCountMapper} works so). Text
 * and String keys are interchangeable between steps, so such a mapper can feed the String reducer
 * above; mark that reducer {@link io.chordmr.api.LongSum} and, as a combiner, the engine keeps
 * one running {@code long} per key instead of calling it.
 */
package io.chordmr.api;
