package io.chordmr.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What a node's copies are worth after time away, kept next to the store: when the node was last a
 * ring member, and the newest delete marker it has dropped as expired. A node that comes back after
 * longer than the tombstone lifetime may hold keys whose deletes the others have since forgotten;
 * the two times together tell which of its copies could be such keys (see {@link AntiEntropy}).
 *
 * @param lastMemberMillis the wall-clock millisecond this node was last known a member, 0 if never
 * @param purgedThroughMillis the issue time of the newest tombstone this node has dropped, 0 if none
 */
record StoreLease(long lastMemberMillis, long purgedThroughMillis) {

    static final StoreLease NONE = new StoreLease(0, 0);

    /** The lease in the file, or {@link #NONE} for a new node (or one from before leases). */
    static StoreLease read(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return new StoreLease(Long.parseLong(p.getProperty("lastMember", "0")), Long.parseLong(p.getProperty("purgedThrough", "0")));
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException | NumberFormatException e) {
            // Unreadable: count it as no lease, which keeps the copies (the state before leases).
            return NONE;
        }
    }

    void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        String text = "# when this node was last a ring member, and the newest delete marker it dropped (ms since the epoch)\n"
                + "lastMember=" + lastMemberMillis + "\npurgedThrough=" + purgedThroughMillis + "\n";
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
