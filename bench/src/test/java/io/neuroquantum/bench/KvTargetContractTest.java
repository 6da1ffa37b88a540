package io.neuroquantum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link KvTarget} must do for the suite's checks to mean anything; one subclass per target. */
abstract class KvTargetContractTest {

    private static final int N = 3_000;

    @TempDir
    Path dir;

    private KvTarget target;

    abstract KvTarget create();

    @AfterEach
    void closeTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    private KvTarget loaded() throws Exception {
        target = create();
        target.open(dir, 8L << 20);
        KvSession s = target.primary();
        s.begin();
        for (long k : EngineSuite.permutation(N, 7)) {
            s.put(k, Values.of(k, 0));
        }
        s.commit();
        target.flush();
        return target;
    }

    @Test
    void getsWhatWasPutAndNullForMissingKeys() throws Exception {
        KvSession s = loaded().primary();
        for (long k = 0; k < N; k++) {
            Values.checkExact("get", k, 0, s.get(k));
        }
        assertThat(s.get(N)).isNull();
        assertThat(s.get(-1)).isNull();
    }

    @Test
    void scansConsecutiveKeysInOrderAndStopsAtTheLimitOrTheEnd() throws Exception {
        KvSession s = loaded().primary();
        List<Long> keys = new ArrayList<>();
        assertThat(s.scan(100, 50, (k, v) -> {
            Values.checkFull("scan", k, v);
            keys.add(k);
        })).isEqualTo(50);
        assertThat(keys).first().isEqualTo(100L);
        assertThat(keys).last().isEqualTo(149L);
        assertThat(keys).isSorted();
        assertThat(s.scan(N - 10, 50, (k, v) -> { })).isEqualTo(10);
        assertThat(s.scan(Long.MIN_VALUE, N + 1, (k, v) -> { })).isEqualTo(N);
    }

    @Test
    void upsertReplacesAndSurvivesAReopenWithAnotherCache() throws Exception {
        KvTarget t = loaded();
        t.primary().put(42, Values.of(42, 7));
        t.flush();
        t.reopen(1L << 20);
        Values.checkExact("after reopen", 42, 7, t.primary().get(42));
        Values.checkExact("after reopen", 43, 0, t.primary().get(43));
        Phases.verifyAll(t.primary(), "after reopen", N);
    }

    @Test
    void sessionsOnTwoThreadsReadAndWrite() throws Exception {
        KvTarget t = loaded();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int id = 0; id < 2; id++) {
                final int version = id + 1;
                fs.add(pool.submit(() -> {
                    try (KvSession s = t.openSession()) {
                        for (long k = version; k < N; k += 2) {
                            Values.checkFull("thread", k, s.get(k));
                            s.put(k, Values.of(k, version));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        KvSession s = t.primary();
        for (long k = 1; k < N; k++) {
            Values.checkExact("after threads", k, k % 2 == 1 ? 1 : 2, s.get(k));
        }
    }
}
