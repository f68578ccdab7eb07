package io.chordmr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for a command's files, removed with everything in it on close. */
final class WorkDir implements AutoCloseable {

    private final Path path;

    /** A new directory named {@code prefix...} under {@code parent}, or under the system's temp directory when null. */
    WorkDir(Path parent, String prefix) throws IOException {
        this.path = Files.createTempDirectory(parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : Files.createDirectories(parent),
                prefix);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
