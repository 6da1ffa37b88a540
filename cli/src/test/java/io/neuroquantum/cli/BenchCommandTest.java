package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    private static BenchCommand parse(String... args) {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void runsTheBenchJarWithTheSuiteQuickAndEveryOtherOptionPassedOn() {
        BenchCommand cmd = parse("engine", "--quick", "--systems", "h2,sqlite", "--out", "x");
        assertThat(cmd.command("/jdk/bin/java", Path.of("/home/bench/target/nq-bench.jar"))).containsExactly(
                "/jdk/bin/java", "-Xmx4g", "--enable-native-access=ALL-UNNAMED", "-jar", "/home/bench/target/nq-bench.jar",
                "engine", "--quick", "--systems", "h2,sqlite", "--out", "x");
    }

    @Test
    void helpAfterTheSuiteIsTheSuitesHelp() {
        assertThat(parse("engine", "--help").command("java", Path.of("nq-bench.jar")))
                .containsExactly("java", "-Xmx4g", "--enable-native-access=ALL-UNNAMED", "-jar", "nq-bench.jar", "engine",
                        "--help");
    }

    @Test
    void withoutASuiteItPrintsItsOwnUsage() {
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new java.io.PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
    }

    @Test
    void aServiceSuiteRunsItsMainClassFromTheServiceJar() {
        BenchCommand cmd = parse("optimizer", "--quick");
        assertThat(cmd.command("java", Path.of("optimizer-service.jar"))).containsExactly(
                "java", "-Xmx4g", "--enable-native-access=ALL-UNNAMED", "-cp", "optimizer-service.jar",
                "-Dloader.main=io.neuroquantum.optimizer.bench.OptimizerBenchMain",
                "org.springframework.boot.loader.launch.PropertiesLauncher", "--quick");
    }

    @Test
    void theFullRunHasNoQuickFlag() {
        assertThat(parse("engine").command("java", Path.of("nq-bench.jar")))
                .containsExactly("java", "-Xmx4g", "--enable-native-access=ALL-UNNAMED", "-jar", "nq-bench.jar", "engine");
    }
}
