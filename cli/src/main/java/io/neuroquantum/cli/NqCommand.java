package io.neuroquantum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nq}: the NeuroQuantumDB command line. */
@Command(name = "nq", mixinStandardHelpOptions = true, version = "NeuroQuantumDB 0.1.0",
        description = "NeuroQuantumDB: start and stop the suite and inspect it.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, BenchCommand.class, SolveCommand.class,
                CommandLine.HelpCommand.class})
public final class NqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new NqCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
        System.exit(code);
    }
}
