package io.neuroquantum.storage.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockManagerTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private final LockManager locks = new LockManager();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final LockResource a = LockResource.row(1, new byte[] {1});
    private final LockResource b = LockResource.row(1, new byte[] {2});
    private final LockResource c = LockResource.row(1, new byte[] {3});

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    private Future<?> async(Runnable r) {
        return pool.submit(r);
    }

    @Test
    void compatibilityMatrixIsSymmetricAndJoinIsAnUpperBound() {
        for (LockMode x : LockMode.values()) {
            for (LockMode y : LockMode.values()) {
                assertThat(x.compatibleWith(y)).as(x + "/" + y).isEqualTo(y.compatibleWith(x));
                LockMode j = x.join(y);
                assertThat(j.covers(x)).as(x + " join " + y).isTrue();
                assertThat(j.covers(y)).as(x + " join " + y).isTrue();
                for (LockMode z : LockMode.values()) {
                    // whatever conflicts with x or y conflicts with their join
                    if (!x.compatibleWith(z) || !y.compatibleWith(z)) {
                        assertThat(j.compatibleWith(z)).isFalse();
                    }
                }
            }
        }
        assertThat(LockMode.IX.join(LockMode.S)).isEqualTo(LockMode.SIX);
    }

    @Test
    void sharedLocksCoexistAndExclusiveWaitsForThem() throws Exception {
        locks.acquire(1, a, LockMode.S, LONG);
        locks.acquire(2, a, LockMode.S, LONG);
        CountDownLatch granted = new CountDownLatch(1);
        Future<?> writer = async(() -> {
            locks.acquire(3, a, LockMode.X, LONG);
            granted.countDown();
        });
        assertThat(granted.await(200, TimeUnit.MILLISECONDS)).isFalse();
        locks.releaseAll(1);
        assertThat(granted.await(200, TimeUnit.MILLISECONDS)).isFalse();
        locks.releaseAll(2);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(locks.heldMode(3, a)).isEqualTo(LockMode.X);
        assertThat(locks.stats().total().waits()).isEqualTo(1);
    }

    @Test
    void intentionLocksFollowTheMatrix() throws Exception {
        LockResource table = LockResource.table(7);
        locks.acquire(1, table, LockMode.IX, LONG);
        locks.acquire(2, table, LockMode.IX, LONG);
        locks.acquire(3, table, LockMode.IS, LONG);
        assertThatThrownBy(() -> locks.acquire(4, table, LockMode.S, Duration.ofMillis(100)))
                .isInstanceOf(LockException.class)
                .satisfies(e -> assertThat(((LockException) e).reason()).isEqualTo(LockException.Reason.TIMEOUT))
                .hasMessageContaining("table 7");
        assertThat(locks.stats().total().timeouts()).isEqualTo(1);
        assertThat(locks.stats().perTable().get(7L).timeouts()).isEqualTo(1);
    }

    @Test
    void aSoleHolderUpgradesAtOnceAndReacquiringIsFree() {
        locks.acquire(1, a, LockMode.S, LONG);
        locks.acquire(1, a, LockMode.S, LONG);
        locks.acquire(1, a, LockMode.X, LONG);
        assertThat(locks.heldMode(1, a)).isEqualTo(LockMode.X);
        locks.acquire(1, a, LockMode.S, LONG); // X covers S
        assertThat(locks.lockCount(1)).isEqualTo(1);
        locks.releaseAll(1);
        assertThat(locks.heldMode(1, a)).isNull();
    }

    @Test
    void twoTransactionDeadlockPicksTheYoungestAsVictim() throws Exception {
        locks.acquire(1, a, LockMode.X, LONG);
        locks.acquire(2, b, LockMode.X, LONG);
        CountDownLatch bothWaiting = new CountDownLatch(1);
        Future<?> older = async(() -> {
            bothWaiting.countDown();
            locks.acquire(1, b, LockMode.X, LONG);
        });
        bothWaiting.await();
        LockException e = CompletableFuture.supplyAsync(() -> {
            try {
                locks.acquire(2, a, LockMode.X, LONG);
                return null;
            } catch (LockException ex) {
                return ex;
            }
        }, pool).get(20, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(LockException.Reason.DEADLOCK);
        assertThat(e.getMessage()).contains("transaction 2").contains("victim");
        locks.releaseAll(2);
        older.get(10, TimeUnit.SECONDS); // the survivor proceeds
        assertThat(locks.heldMode(1, b)).isEqualTo(LockMode.X);
        assertThat(locks.stats().total().deadlocks()).isEqualTo(1);
    }

    @Test
    void threeWayCycleIsBrokenOnce() throws Exception {
        locks.acquire(1, a, LockMode.X, LONG);
        locks.acquire(2, b, LockMode.X, LONG);
        locks.acquire(3, c, LockMode.X, LONG);
        List<Future<Throwable>> outcomes = new ArrayList<>();
        long[][] wants = {{1, 1}, {2, 2}, {3, 0}};
        LockResource[] res = {a, b, c};
        for (long[] w : wants) {
            outcomes.add(pool.submit(() -> {
                try {
                    locks.acquire(w[0], res[(int) w[1]], LockMode.X, LONG);
                    return null;
                } catch (LockException ex) {
                    return ex;
                } finally {
                    locks.releaseAll(w[0]); // commit or roll back: either way the locks go
                }
            }));
        }
        int victims = 0;
        for (int i = 0; i < 3; i++) {
            Throwable t = outcomes.get(i).get(20, TimeUnit.SECONDS);
            if (t != null) {
                victims++;
                assertThat(((LockException) t).reason()).isEqualTo(LockException.Reason.DEADLOCK);
                assertThat(i).as("the youngest transaction (3) is the victim").isEqualTo(2);
            }
        }
        assertThat(victims).isEqualTo(1);
    }

    @Test
    void upgradeDeadlockIsDetected() throws Exception {
        locks.acquire(1, a, LockMode.S, LONG);
        locks.acquire(2, a, LockMode.S, LONG);
        Future<Throwable> t1 = pool.submit(() -> attempt(1, a, LockMode.X));
        Future<Throwable> t2 = pool.submit(() -> attempt(2, a, LockMode.X));
        Throwable r2 = t2.get(20, TimeUnit.SECONDS);
        assertThat(r2).isInstanceOf(LockException.class);
        locks.releaseAll(2);
        assertThat(t1.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(locks.heldMode(1, a)).isEqualTo(LockMode.X);
    }

    private Throwable attempt(long txn, LockResource r, LockMode m) {
        try {
            locks.acquire(txn, r, m, LONG);
            return null;
        } catch (LockException e) {
            return e;
        }
    }

    @Test
    void manyThreadsOnFewRowsAllFinish() throws Exception {
        int threads = 8;
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger aborted = new AtomicInteger();
        AtomicInteger nextTxn = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = 0; i < 300; i++) {
                    long txn = nextTxn.incrementAndGet();
                    try {
                        for (int k = 0; k < 3; k++) {
                            LockResource row = LockResource.row(1, new byte[] {(byte) r.nextInt(5)});
                            locks.acquire(txn, row, r.nextBoolean() ? LockMode.S : LockMode.X, LONG);
                        }
                        committed.incrementAndGet();
                    } catch (LockException e) {
                        assertThat(e.reason()).isEqualTo(LockException.Reason.DEADLOCK);
                        aborted.incrementAndGet();
                    } finally {
                        locks.releaseAll(txn);
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
        assertThat(committed.get() + aborted.get()).isEqualTo(threads * 300);
        assertThat(locks.stats().total().deadlocks()).isEqualTo(aborted.get());
    }
}
