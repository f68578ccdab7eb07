package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads scrapes of Prometheus text, and has Prometheus's own parser check them. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of a metric's samples whose labels include every one of {@code labels}, over the scrapes. */
    public static double sum(List<String> scrapes, String name, String... labels) {
        double total = 0;
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
        for (String s : scrapes) {
            Matcher m = line.matcher(s);
            while (m.find()) {
                String found = m.group(1) == null ? "" : m.group(1);
                if (Stream.of(labels).allMatch(found::contains)) {
                    total += Double.parseDouble(m.group(2));
                }
            }
        }
        return total;
    }

    /** The first executable of that name on the PATH, or null. */
    public static Path onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(p -> Path.of(p, program))
                .filter(Files::isExecutable).findFirst().orElse(null);
    }

    /**
     * Passes each scrape to {@code promtool check metrics}; skips, saying why, where promtool is
     * missing. promtool exits 1 when the text does not parse and 3 for lint remarks only:
     * Micrometer's own JVM binders draw two (process_cpu_time_ns_total, system_cpu_count), ChordMR's
     * metrics must draw none.
     */
    public static void assertPromtoolAccepts(List<String> scrapes) throws IOException, InterruptedException {
        Path promtool = onPath("promtool");
        assumeTrue(promtool != null, "promtool (Debian's prometheus package) is not installed; .ci/run installs it");
        for (String s : scrapes) {
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(s.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isIn(0, 3);
            assertThat(out).as(out).doesNotContain("error while linting", "parsing error");
            assertThat(out.lines().filter(l -> l.startsWith("chordmr_"))).as("remarks on ChordMR's own metrics").isEmpty();
        }
    }
}
