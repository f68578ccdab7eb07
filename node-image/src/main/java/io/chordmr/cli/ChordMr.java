package io.chordmr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chordmr} command line. */
@Command(name = "chordmr", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "ChordMR: MapReduce on a Chord ring. Run jobs locally or on a ring of nodes, load and read datasets, inspect the ring.",
        subcommands = {LocalCommand.class, NodeCommand.class, PutCommand.class, GetCommand.class, SubmitCommand.class,
                StatusCommand.class, CancelCommand.class, RingCommand.class, UiCommand.class, LeaveCommand.class, TokenCommand.class,
                SimulateCommand.class, JobBenchCommand.class, StoreBenchCommand.class, CommandLine.HelpCommand.class})
public final class ChordMr {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new ChordMr()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("chordmr: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
    }
}
