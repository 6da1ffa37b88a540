package io.neuroquantum.bench.m1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The milestone demo in CI: 100,000 rows through storage-service's HTTP API, SIGKILL mid-load,
 * restart, every acknowledged row there, no partial batch, the first query within a second
 * ({@code ./nq bench m1} runs the full 1,000,000). Runs storage-service/target/storage-service.jar,
 * which {@code ./mvnw verify} packages before this module; without it (a bare {@code ./mvnw test})
 * the test is skipped, except under CI ({@code CI=true}), where it fails. The seed is printed;
 * rerun one with {@code -Dm1.seed=N}. A failed run keeps its data directory and service log.
 */
class MilestoneDemoTest {

    private static final long ROWS = 100_000;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyAcknowledgedRowSurvivesSigkillOfTheServiceAndTheFirstQueryAnswersWithinASecond(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        Path jar;
        try {
            jar = ServiceProcess.locateJar();
        } catch (IllegalArgumentException e) {
            Assumptions.assumeTrue("true".equalsIgnoreCase(System.getenv("CI")), e.getMessage());
            throw e;
        }
        long seed = Long.getLong("m1.seed", System.nanoTime());
        System.out.println("MilestoneDemoTest seed " + seed + " (rerun with -Dm1.seed=" + seed + "), jar " + jar);
        Path stale = ServiceProcess.newerSource(jar);
        if (stale != null) {
            System.out.println("MilestoneDemoTest: WARNING: " + stale + " is newer than " + jar);
        }
        MilestoneDemo.Config config = new MilestoneDemo.Config(ROWS, 1_000, 4, 0.6, 0.9, seed, "512m",
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(90));
        MilestoneDemo.Report r = new MilestoneDemo(config, Files.createDirectories(dir.resolve("work")), jar).run();
        System.out.println(MilestoneDemo.summary(r));

        // run() throws BenchFailure on any of these; the report must agree.
        assertThat(r.lostRows()).as("acknowledged rows lost").isZero();
        assertThat(r.partialBatches()).as("partial batches").isZero();
        assertThat(r.phantomRows()).as("rows never sent").isZero();
        assertThat(r.wrongRows()).as("rows with wrong values").isZero();
        assertThat(r.firstPointQueryMs()).as("first point query after ready, ms").isLessThanOrEqualTo(1_000);
        assertThat(r.rowsAckedBeforeKill()).as("the kill came mid-load").isBetween(ROWS * 6 / 10, ROWS - 1);
        assertThat(r.verifiedRows()).isEqualTo(r.rowsAckedBeforeKill() + 1_000L * r.unknownBatchesCommitted());
        assertThat(r.countAfterRecovery()).isEqualTo(r.verifiedRows());
        assertThat(r.finalRows()).isEqualTo(ROWS);
    }
}
