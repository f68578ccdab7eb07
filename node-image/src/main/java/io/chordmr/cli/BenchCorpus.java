package io.chordmr.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/** The benchmark's generated text: Zipf-distributed words, a fixed seed, so every run counts the same file. */
enum BenchCorpus {

    /**
     * Shaped like the anchor runs: Zipf s = 1.07 over 50,000 distinct words drawn from a
     * word list (generated here: English-like syllables, 1 to 4 of them), 5 to 20 words a line.
     */
    WORDS(1.07, 50_000, 5, 20),

    /** The benchmark's first corpus: s = 1.1 over 200,000 tokens {@code w<rank>}, 1 to 15 a line. */
    TOKENS(1.1, 200_000, 1, 15);

    private static final long SEED = 42;
    private static final String[] ONSETS = {"", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y",
        "z", "br", "ch", "cl", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "sp", "st", "str", "th", "tr"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oo", "ou", "y"};
    private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "l", "m", "d", "ng", "st", "nd", "ck", "rt"};

    private final double exponent;
    private final int vocabulary;
    private final int minWords;
    private final int maxWords;

    BenchCorpus(double exponent, int vocabulary, int minWords, int maxWords) {
        this.exponent = exponent;
        this.vocabulary = vocabulary;
        this.minWords = minWords;
        this.maxWords = maxWords;
    }

    String describe() {
        return String.format("Zipf s = %.2f over %,d %s, %d-%d a line, seed %d", exponent, vocabulary, this == WORDS ? "words" : "tokens",
                minWords, maxWords, SEED);
    }

    /** The distinct words, most frequent first. */
    byte[][] vocabulary() {
        byte[][] words = new byte[vocabulary][];
        if (this == TOKENS) {
            for (int i = 0; i < vocabulary; i++) {
                words[i] = ("w" + i).getBytes(StandardCharsets.US_ASCII);
            }
            return words;
        }
        Random r = new Random(SEED);
        Set<String> seen = new LinkedHashSet<>();
        while (seen.size() < vocabulary) {
            // 1 to 4 syllables (45, 35, 15, 5%).
            int p = r.nextInt(100);
            int syllables = p < 45 ? 1 : p < 80 ? 2 : p < 95 ? 3 : 4;
            StringBuilder w = new StringBuilder();
            for (int k = 0; k < syllables; k++) {
                w.append(ONSETS[r.nextInt(ONSETS.length)]).append(VOWELS[r.nextInt(VOWELS.length)]).append(CODAS[r.nextInt(CODAS.length)]);
            }
            seen.add(w.toString());
        }
        // Frequent words tend to be short, as in English: ranked by length plus noise of up to 49 letters, which gives the top ranks 2-3 letters and the text about 4.5 letters a word.
        String[] ranked = seen.toArray(String[]::new);
        int[] key = new int[ranked.length];
        Integer[] order = new Integer[ranked.length];
        for (int i = 0; i < ranked.length; i++) {
            key[i] = ranked[i].length() + r.nextInt(50);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(key[a], key[b]));
        for (int i = 0; i < ranked.length; i++) {
            words[i] = ranked[order[i]].getBytes(StandardCharsets.US_ASCII);
        }
        return words;
    }

    /** Writes about {@code bytes} bytes (whole lines) of this corpus to {@code file}. */
    void write(Path file, long bytes) throws IOException {
        byte[][] words = vocabulary();
        double[] cdf = new double[vocabulary];
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cdf[i] = sum;
        }
        Random r = new Random(SEED);
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (written < bytes) {
                int n = minWords + r.nextInt(maxWords - minWords + 1);
                for (int k = 0; k < n; k++) {
                    int i = Arrays.binarySearch(cdf, r.nextDouble() * sum);
                    byte[] w = words[Math.min(vocabulary - 1, i >= 0 ? i : -i - 1)];
                    if (k > 0) {
                        out.write(' ');
                        written++;
                    }
                    out.write(w);
                    written += w.length;
                }
                out.write('\n');
                written++;
            }
        }
    }
}
