package io.chordmr.cli;

import io.chordmr.manifest.FileSpec;
import io.chordmr.manifest.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code path} entries of a job's {@code spec.files} (and {@code --file} flags), which only
 * the command line can read: each is stored as a dataset named after its content, so the same
 * file is stored once, and the entry becomes that dataset under the file's name.
 */
final class ShippedFiles {

    /** Stores one local file as a dataset; storing a dataset that already exists is no error. */
    @FunctionalInterface
    interface Store {
        void store(String dataset, Path file) throws Exception;
    }

    private ShippedFiles() {
    }

    /** Adds {@code extra} as path entries, then stores every path entry and rewrites it. Paths are relative to {@code base}. */
    static void resolve(JobSpec spec, Path base, List<Path> extra, Store store) throws Exception {
        List<FileSpec> files = new ArrayList<>(spec.getFiles() == null ? List.of() : spec.getFiles());
        for (Path p : extra) {
            FileSpec f = new FileSpec();
            f.setPath(p.toString());
            files.add(f);
        }
        List<FileSpec> out = new ArrayList<>();
        for (FileSpec f : files) {
            if (f.getPath() == null) {
                out.add(f);
                continue;
            }
            Path file = Path.of(f.getPath()).isAbsolute() ? Path.of(f.getPath()) : base.resolve(f.getPath());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("spec.files: no file " + file);
            }
            String name = f.localName();
            String dataset = "file-" + digest(file) + "-" + name;
            store.store(dataset, file);
            out.add(FileSpec.ofDataset(dataset, name));
        }
        spec.setFiles(out.isEmpty() ? null : out);
    }

    private static String digest(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
