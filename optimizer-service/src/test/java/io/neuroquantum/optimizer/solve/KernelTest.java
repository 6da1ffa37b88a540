package io.neuroquantum.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.optimizer.model.CouplingBuilder;
import io.neuroquantum.optimizer.model.IsingModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incremental fields and energy of every kernel path stay equal to a recomputation. */
class KernelTest {

    /** Random graph with every coupling equal to {@code w} and no fields (unweighted Max-Cut for w = 1). */
    static IsingModel uniform(long seed, int n, double w) {
        Random r = new Random(seed);
        CouplingBuilder b = new CouplingBuilder(n);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (r.nextDouble() < 0.2) {
                    b.add(i, j, w);
                }
            }
        }
        return new IsingModel(n, new double[n], b.build(), 0);
    }

    @Test
    void uniformCouplingsUseTheUnweightedPath() {
        assertThat(((Kernel.IntKernel) Kernel.of(uniform(1, 40, 1))).uniformW).isEqualTo(1);
        assertThat(((Kernel.IntKernel) Kernel.of(uniform(1, 40, -1.5))).uniformW).isEqualTo(-3); // scale 2
        assertThat(((Kernel.IntKernel) Kernel.of(SolverContractTest.randomModel(1, 40, true))).uniformW).isZero();
    }

    @Test
    void sweepsKeepFieldsAndEnergyConsistent() {
        IsingModel[] models = {uniform(2, 60, 1), uniform(3, 60, -1.5), SolverContractTest.randomModel(4, 60, true),
                SolverContractTest.randomModel(5, 60, false)};
        for (IsingModel m : models) {
            Kernel k = Kernel.of(m);
            Replica r = k.newReplica();
            Rng rng = new Rng(7);
            rng.randomSpins(r.s);
            k.init(r);
            for (double beta : new BetaRange(0.05, 3).geometric(40)) {
                k.sweep(r, k.acceptance(beta), rng);
            }
            assertThat(k.energy(r)).isCloseTo(m.energy(r.s), within(1e-9));
            Replica fresh = k.newReplica();
            System.arraycopy(r.s, 0, fresh.s, 0, m.n());
            k.init(fresh);
            if (r.fi != null) {
                assertThat(r.fi).containsExactly(fresh.fi);
                assertThat(r.ei).isEqualTo(fresh.ei);
            } else {
                for (int i = 0; i < m.n(); i++) {
                    assertThat(r.fd[i]).isCloseTo(fresh.fd[i], within(1e-9));
                }
            }
        }
    }
}
