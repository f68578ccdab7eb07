package io.chordmr.engine.jobcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes started in a session (and so a process group) of their own with {@code setsid}, so
 * that killing one kills everything it forked, also children that outlived their parent. Where a
 * system has no {@code setsid}, the process and its live descendants are killed instead.
 */
public final class ProcessGroups {

    private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);
    private static final Path SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
            .filter(Files::isExecutable).findFirst().orElse(null);

    private ProcessGroups() {
    }

    /** The command, run as the leader of a new process group. */
    public static List<String> leading(List<String> command) {
        List<String> out = new ArrayList<>();
        if (SETSID != null) {
            out.add(SETSID.toString());
        }
        out.addAll(command);
        return out;
    }

    /** Kills the group a process started with {@link #leading} leads, and the process itself. */
    public static void kill(Process leader) {
        List<ProcessHandle> children = leader.descendants().toList();
        if (SETSID != null) {
            try {
                new ProcessBuilder("sh", "-c", "kill -9 -$0 2>/dev/null", String.valueOf(leader.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                log.debug("task: could not kill the process group of {}: {}", leader.pid(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
        leader.destroyForcibly();
    }
}
