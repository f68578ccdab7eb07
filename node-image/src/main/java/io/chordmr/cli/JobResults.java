package io.chordmr.cli;

import io.chordmr.client.JobStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prints a finished job's counters and result, or writes the result as part files. */
final class JobResults {

    private static final Pattern PART = Pattern.compile(".*/part-(\\d+)-a\\d+-e\\d+-\\d+$");

    private JobResults() {
    }

    static void printCounters(JobStatus s, PrintStream out) {
        out.printf("job %s %s in %.2f s: %d maps, %d reduces, output %s (%d records)%n", s.id(), s.state().label().toLowerCase(),
                (s.endTime() - s.startTime()) / 1000.0, s.maps().total(), s.reduces().total(), s.outputUrl() != null ? s.outputUrl() : s.outputDataset(), s.outputRecords());
        s.counters().forEach((k, v) -> out.printf("  %-24s %,d%n", k, v));
    }

    /** The result lines sorted by key, or the {@code top} lines with the largest numeric values. */
    static List<String> select(List<String> lines, int top) {
        List<String> out = new ArrayList<>(lines);
        if (top > 0) {
            out.sort(Comparator.comparingDouble(JobResults::value).reversed().thenComparing(JobResults::key));
            return out.subList(0, Math.min(top, out.size()));
        }
        out.sort(Comparator.comparing(JobResults::key));
        return out;
    }

    private static String key(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
    }

    private static double value(String line) {
        try {
            return Double.parseDouble(line.substring(line.lastIndexOf('\t') + 1).trim());
        } catch (NumberFormatException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    /** Writes each reduce partition's lines to {@code part-NNNNN} in {@code dir}, like Hadoop's text output. */
    static void writeParts(Map<String, byte[]> chunksByKey, int reduces, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<Integer, List<byte[]>> parts = new TreeMap<>();
        for (int r = 0; r < reduces; r++) {
            parts.put(r, new ArrayList<>());
        }
        chunksByKey.forEach((k, v) -> {
            Matcher m = PART.matcher(k);
            parts.computeIfAbsent(m.matches() ? Integer.parseInt(m.group(1)) : 0, x -> new ArrayList<>()).add(v);
        });
        for (Map.Entry<Integer, List<byte[]>> e : parts.entrySet()) {
            Path f = dir.resolve(String.format("part-%05d", e.getKey()));
            try (var out = Files.newOutputStream(f)) {
                for (byte[] b : e.getValue()) {
                    out.write(b);
                }
            }
        }
    }

    static List<String> lines(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
}
