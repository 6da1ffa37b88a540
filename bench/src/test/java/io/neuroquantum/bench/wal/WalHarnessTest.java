package io.neuroquantum.bench.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.bench.Results;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalHarnessTest {

    @Test
    void onlyTheSixtyFourWriterCaseMatchesTheAcceptanceRegex() {
        Pattern p = Pattern.compile("64");
        assertThat(WalConfig.ALL_CASES.stream().filter(c -> p.matcher(c).find()).toList())
                .containsExactly(WalConfig.COMMIT_64);
        assertThat(WalConfig.writers(WalConfig.COMMIT_64)).isEqualTo(64);
        assertThat(WalConfig.writers(WalConfig.LOAD)).isZero();
        assertThat(WalConfig.system("postgres")).isEqualTo("postgresql");
        assertThat(WalConfig.system("neuroquantumdb")).isEqualTo(WalConfig.OURS);
        assertThatThrownBy(() -> WalConfig.system("oracle")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timedRunsCountEveryOperationOfEveryThreadAndStopAtTheDeadline() throws Exception {
        AtomicLong calls = new AtomicLong();
        long start = System.nanoTime();
        Timed.Sample s = Timed.run(8, 200_000_000L, Long.MAX_VALUE, t -> {
            calls.incrementAndGet();
            Thread.sleep(1);
            return 2;
        });
        long wall = System.nanoTime() - start;
        assertThat(s.ops()).isEqualTo(calls.get()).isPositive();
        assertThat(s.rows()).isEqualTo(2 * s.ops());
        assertThat(s.elapsedNanos()).isBetween(200_000_000L, wall);
        assertThat(s.latency().getTotalCount()).isEqualTo(s.ops());
        assertThat(Timed.run(1, 10_000_000_000L, 5, t -> 1).ops()).isEqualTo(5);
    }

    @Test
    void aFailingOperationFailsTheRun() {
        assertThatThrownBy(() -> Timed.run(4, 5_000_000_000L, Long.MAX_VALUE, t -> {
            if (t == 2) {
                throw new IllegalStateException("boom");
            }
            Thread.sleep(1);
            return 1;
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void theSuiteRunsItsEmbeddedAnchorsAndReportsEveryCase(@TempDir Path dir) throws Exception {
        WalConfig cfg = WalConfig.quick(List.of("sqlite", "h2"), WalConfig.ALL_CASES, dir, null)
                .withMeasure(100_000_000L, 20_000_000L, 1).withLoadRows(3_000);
        Results results = new Results();
        new WalSuite(cfg, results).run();
        List<Results.Row> rows = results.rows();
        for (String c : List.of(WalConfig.COMMIT_1, WalConfig.COMMIT_16, WalConfig.COMMIT_64)) {
            for (String s : List.of("sqlite", "h2")) {
                assertThat(rows).anySatisfy(r -> {
                    assertThat(r.caseName()).isEqualTo(c);
                    assertThat(r.system()).isEqualTo(s);
                    assertThat(r.metric()).isEqualTo("commits");
                    assertThat(r.unit()).isEqualTo("commits/s");
                    assertThat(r.value()).isPositive();
                });
            }
        }
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.caseName()).isEqualTo(WalConfig.RAW);
            assertThat(r.system()).isEqualTo("os");
            assertThat(r.unit()).isEqualTo("syncs/s");
        });
        assertThat(rows).filteredOn(r -> r.caseName().equals(WalConfig.LOAD) && r.unit().equals("rows/s")).hasSize(2);
        // latency rows are not throughput rows
        assertThat(rows).filteredOn(r -> r.metric().contains("latency")).allSatisfy(r -> assertThat(r.unit()).isEqualTo("ms"));
    }
}
