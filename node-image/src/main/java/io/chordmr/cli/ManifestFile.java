package io.chordmr.cli;

import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.engine.manifest.JobManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading a job manifest for a command, with every problem printed one per line. */
final class ManifestFile {

    private ManifestFile() {
    }

    /** The manifest, or null after telling the user on stderr what is wrong with it. */
    static JobManifest read(String command, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            System.err.println("chordmr " + command + ": no manifest at " + file);
            return null;
        }
        try {
            return JobManifest.parseYaml(Files.readString(file));
        } catch (InvalidJobException e) {
            printProblems("chordmr " + command + ": " + file + " is not a valid job:", e.problems());
            return null;
        }
    }

    static void printProblems(String heading, List<String> problems) {
        System.err.println(heading);
        problems.forEach(p -> System.err.println("  - " + p));
    }
}
