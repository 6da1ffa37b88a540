package io.neuroquantum.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code nq solve …}: solves one optimisation problem locally with the optimizer's solvers
 * (no server needed) and prints one JSON object. Runs {@code SolveMain} from the
 * optimizer-service jar; every option is its own (see {@code nq solve --help}).
 */
@Command(name = "solve", description = {"Solve a Max-Cut, TSP, colouring or QUBO problem and print the result as JSON,",
        "e.g. nq solve --problem maxcut --format gset --solver sa --time-limit-ms 1000 --seed 1 G1.txt",
        "(all options: nq solve --help)."})
final class SolveCommand implements Callable<Integer> {

    static final String JAR = "optimizer-service/target/optimizer-service.jar";
    static final String MAIN = "io.neuroquantum.optimizer.cli.SolveMain";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx2g"));
        cmd.addAll(ChildJvm.serviceMain(ChildJvm.requireJar(JAR), MAIN));
        cmd.addAll(args);
        // the caller's directory, so that relative instance paths mean what they typed
        return ChildJvm.run(cmd, java.nio.file.Path.of(System.getProperty("user.dir")));
    }
}
