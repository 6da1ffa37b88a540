package io.neuroquantum.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neuroquantum.optimizer.BruteForce;
import io.neuroquantum.optimizer.model.CouplingBuilder;
import io.neuroquantum.optimizer.model.IsingModel;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The contract every {@link IsingSolver} keeps; one small subclass per solver. */
abstract class SolverContractTest {

    abstract IsingSolver solver();

    /** Budget for small instances: enough work to find the optimum. */
    SolveOptions small(long seed) {
        return SolveOptions.of(seed, 60_000).withSweeps(300).withRestarts(4).withThreads(2);
    }

    static IsingModel randomModel(long seed, int n, boolean integer) {
        Random r = new Random(seed);
        CouplingBuilder b = new CouplingBuilder(n);
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = integer ? r.nextInt(5) - 2 : r.nextGaussian();
            for (int j = i + 1; j < n; j++) {
                if (r.nextDouble() < 0.5) {
                    b.add(i, j, integer ? r.nextInt(9) - 4 : r.nextGaussian());
                }
            }
        }
        return new IsingModel(n, h, b.build(), 0.5);
    }

    @Test
    void findsTheBruteForceOptimumOfSmallRandomInstances() {
        for (int t = 0; t < 6; t++) {
            IsingModel m = randomModel(100 + t, 14, t % 2 == 0);
            double opt = BruteForce.minimum(m);
            SolveResult r = solver().solve(m, small(t), new SolveControl());
            assertThat(r.energy()).as("instance %d", t).isCloseTo(opt, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(m.energy(r.spins())).isCloseTo(r.energy(), org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void sameSeedSameResult() {
        IsingModel m = randomModel(7, 60, false);
        SolveResult a = solver().solve(m, small(42).withSweeps(50).withThreads(2), new SolveControl());
        SolveResult b = solver().solve(m, small(42).withSweeps(50).withThreads(1), new SolveControl());
        assertThat(a.spins()).containsExactly(b.spins());
        assertThat(a.energy()).isEqualTo(b.energy());
        assertThat(a.stopReason()).isEqualTo(StopReason.COMPLETED);
    }

    @Test
    void stopsAtTheTimeLimit() {
        IsingModel m = randomModel(3, 300, true);
        SolveResult r = solver().solve(m, SolveOptions.of(1, 50).withSweeps(100_000_000L).withRestarts(1_000_000), new SolveControl());
        assertThat(r.stopReason()).isEqualTo(StopReason.TIME_LIMIT);
        assertThat(r.spins()).hasSize(300);
    }

    @Test
    void stopsAtTheTargetEnergy() {
        IsingModel m = randomModel(11, 12, true);
        double opt = BruteForce.minimum(m);
        SolveResult r = solver().solve(m, SolveOptions.of(5, 60_000).withTarget(opt).withSweeps(100_000_000L), new SolveControl());
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_REACHED);
        assertThat(r.energy()).isEqualTo(opt);
    }

    @Test
    void cancelStopsARunningSolveAndProgressIsReported() {
        IsingModel m = randomModel(5, 400, true);
        AtomicLong reports = new AtomicLong();
        SolveControl control = new SolveControl(p -> reports.incrementAndGet());
        CompletableFuture<SolveResult> f = CompletableFuture.supplyAsync(() ->
                solver().solve(m, SolveOptions.of(1, 120_000).withSweeps(100_000_000L).withRestarts(1_000_000), control));
        await().atMost(Duration.ofSeconds(20)).until(() -> reports.get() > 0);
        control.cancel();
        SolveResult r = f.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(r.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(r.flipAttempts()).isPositive();
    }
}
