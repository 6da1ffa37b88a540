package io.neuroquantum.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code nq bench SUITE [--quick] [options]}: runs the suite's main class in a JVM of its own (the
 * same java as this one, 4 GiB heap, native access for the engine's off-heap frames), in the
 * repository root, so results land in {@code bench-results/SUITE.json}. Returns its exit code.
 *
 * <p>Where suites live: {@code engine} (and any suite not listed in {@link #SUITES}) in
 * {@code bench/target/nq-bench.jar}, which takes the suite name as its first argument; suites
 * that belong to a service run from that service's Spring Boot jar through
 * {@code PropertiesLauncher} with {@code -Dloader.main}, with the options only.
 */
@Command(name = "bench",
        description = {"Run a benchmark suite against its anchors in the same run.",
                "Prints a markdown table and writes bench-results/SUITE.json.",
                "Suites: engine, wal, recovery, m1, storage-http, realtime, optimizer.",
                "Other options go to the suite (--systems h2,sqlite, --cases ..., --out DIR):",
                "see nq bench SUITE --help."},
        footer = "./nq builds bench/target/nq-bench.jar when needed.")
final class BenchCommand implements Callable<Integer> {

    static final String JAR = "bench/target/nq-bench.jar";

    /** A suite in a service's jar: its main class, run through Spring Boot's PropertiesLauncher. */
    record ServiceSuite(String jar, String mainClass) {
    }

    static final Map<String, ServiceSuite> SUITES = Map.of(
            "realtime", new ServiceSuite("realtime-gateway/target/realtime-gateway.jar",
                    "io.neuroquantum.realtime.bench.RealtimeBenchMain"),
            "optimizer", new ServiceSuite("optimizer-service/target/optimizer-service.jar",
                    "io.neuroquantum.optimizer.bench.OptimizerBenchMain"));

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE", description = "The suite to run, e.g. engine.")
    String suite;

    @Option(names = "--quick", description = "The short form of the suite (a few minutes).")
    boolean quick;

    @Unmatched
    List<String> passThrough = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (suite == null) { // no suite: this command's own usage (--help and -h land here too)
            boolean asked = passThrough.contains("--help") || passThrough.contains("-h");
            spec.commandLine().usage(asked ? spec.commandLine().getOut() : spec.commandLine().getErr());
            return asked ? 0 : 2;
        }
        Path jar = ChildJvm.requireJar(SUITES.containsKey(suite) ? SUITES.get(suite).jar() : JAR);
        return ChildJvm.run(command(ChildJvm.java(), jar));
    }

    List<String> command(String java, Path jar) {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx4g", "--enable-native-access=ALL-UNNAMED"));
        ServiceSuite service = SUITES.get(suite);
        if (service == null) {
            cmd.addAll(List.of("-jar", jar.toString(), suite));
        } else {
            cmd.addAll(ChildJvm.serviceMain(jar, service.mainClass()));
        }
        if (quick) {
            cmd.add("--quick");
        }
        cmd.addAll(passThrough);
        return cmd;
    }
}
