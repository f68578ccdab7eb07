package io.chordmr.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskProcessSettingsTest {

    @Test
    void aNodeWithAClassDataArchivePassesItOnToItsTaskJvms() {
        assertThat(TaskProcessSettings.sharedArchive(List.of("-Xmx1g", "-XX:SharedArchiveFile=/app/chordmr.jsa")))
                .containsExactly("-XX:SharedArchiveFile=/app/chordmr.jsa", "-Xlog:cds*=off");
        assertThat(TaskProcessSettings.sharedArchive(List.of("-XX:SharedArchiveFile=/a.jsa", "-XX:SharedArchiveFile=/b.jsa")))
                .first().isEqualTo("-XX:SharedArchiveFile=/b.jsa");
        assertThat(TaskProcessSettings.sharedArchive(List.of("-Xmx1g", "-XX:+UseG1GC"))).isEmpty();
        assertThat(TaskProcessSettings.sharedArchive(List.of("-XX:SharedArchiveFile="))).isEmpty();
    }

    /**
     * The launcher's archive is written by a JVM with the node's classpath; a task JVM started with
     * the options the node passes on must map its library classes from it rather than parse them.
     */
    @Test
    void aTaskJvmGivenTheArchiveLoadsClassesFromIt(@TempDir Path dir) throws Exception {
        // Jars only, as the launcher's and the image's classpaths are: the JVM archives no class from a directory.
        String classpath = String.join(File.pathSeparator, probeJar(dir).toString(), jarOf(ObjectMapper.class), jarOf(JsonFactory.class),
                jarOf(JsonAutoDetect.class));
        Path archive = dir.resolve("node.jsa");
        run(classpath, List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off"), dir.resolve("dump.txt"));
        assertThat(archive).isRegularFile();

        List<String> passedOn = TaskProcessSettings.sharedArchive(List.of("-XX:SharedArchiveFile=" + archive));
        String withArchive = run(classpath, passedOn, dir.resolve("with.txt"));
        String without = run(classpath, List.of(), dir.resolve("without.txt"));

        String mapper = ObjectMapper.class.getName() + " source: shared objects file";
        assertThat(withArchive).contains(mapper).doesNotContain("[warning]");
        assertThat(without).doesNotContain(mapper).contains(ObjectMapper.class.getName() + " source: file:");
    }

    private static String jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A jar holding {@link Probe}, which the test classes' directory cannot be for the archive. */
    private static Path probeJar(Path dir) throws IOException {
        Path jar = dir.resolve("probe.jar");
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                InputStream in = Probe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        return jar;
    }

    /** Runs {@link Probe} in a JVM with {@code classpath} and {@code options}, logging where each class came from. */
    private static String run(String classpath, List<String> options, Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.addAll(List.of("-Xlog:class+load=info", "-cp", classpath, Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the probe JVM ended").isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    /** Loads a library class, as a task JVM's first attempt does. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            new ObjectMapper().writeValueAsString(List.of(1, 2));
        }
    }
}
