package io.neuroquantum.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar bench/target/nq-bench.jar SUITE [options]}, normally run as {@code ./nq bench SUITE}
 * from the repository root. Exit 0 when the suite ran and every answer checked out, 1 when a
 * benchmark saw a wrong answer or bad options, 2 on anything else.
 */
@Command(name = "nq bench", mixinStandardHelpOptions = true, version = "NeuroQuantumDB bench 0.1.0",
        description = "Benchmark suites: the project against its anchors in the same run.",
        subcommands = {EngineCommand.class, io.neuroquantum.bench.wal.WalCommand.class,
                io.neuroquantum.bench.recovery.RecoveryCommand.class, io.neuroquantum.bench.m1.M1Command.class,
                io.neuroquantum.bench.http.StorageHttpCommand.class,
                CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new BenchMain())
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    Throwable t = ex;
                    while ((t instanceof java.util.concurrent.ExecutionException || t instanceof RuntimeException)
                            && !(t instanceof BenchFailure) && !(t instanceof IllegalArgumentException) && t.getCause() != null) {
                        t = t.getCause();
                    }
                    if (t instanceof BenchFailure) {
                        cmd.getErr().println("nq bench: FAILED, wrong answer: " + t.getMessage());
                        return 1;
                    }
                    if (t instanceof IllegalArgumentException) {
                        cmd.getErr().println("nq bench: " + t.getMessage());
                        return 1;
                    }
                    ex.printStackTrace(cmd.getErr());
                    return 2;
                })
                .execute(args);
        System.exit(code);
    }
}
