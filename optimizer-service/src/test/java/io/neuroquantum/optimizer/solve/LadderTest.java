package io.neuroquantum.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LadderTest {

    @Test
    void retuneKeepsTheEndsAndWidensGapsWithHighAcceptance() {
        double[] beta = {0.1, 0.2, 0.4, 0.8};
        double g0 = Math.log(beta[1] / beta[0]);
        long[] tried = {100, 100, 100};
        long[] swapped = {90, 10, 50};
        ParallelTempering.retune(beta, tried, swapped);
        assertThat(beta[0]).isEqualTo(0.1);
        assertThat(beta[3]).isCloseTo(0.8, within(1e-12));
        assertThat(Math.log(beta[1] / beta[0])).isGreaterThan(g0); // easy pair: gap grows
        assertThat(Math.log(beta[2] / beta[1])).isLessThan(g0);    // hard pair: gap shrinks
        assertThat(beta[1]).isLessThan(beta[2]);
        assertThat(tried).containsOnly(0L);
    }

    @Test
    void defaultReplicaCountGrowsWithTheSquareRootOfTheSize() {
        assertThat(ParallelTempering.defaultReplicas(800)).isEqualTo(16);
        assertThat(ParallelTempering.defaultReplicas(2000)).isEqualTo(25);
        assertThat(ParallelTempering.defaultReplicas(3200)).isEqualTo(32);
        assertThat(ParallelTempering.defaultReplicas(10)).isEqualTo(16);
        assertThat(ParallelTempering.defaultReplicas(200_000)).isEqualTo(64);
    }

    @Test
    void autoBetaRangeFollowsTheEnergyScale() {
        var m = SolverContractTest.randomModel(1, 30, true);
        BetaRange r = BetaRange.auto(m);
        assertThat(r.hot()).isCloseTo(1 / m.fieldScale(), within(1e-12));
        assertThat(BetaRange.dwave(m).hot()).isCloseTo(Math.log(2) / m.maxFlipDelta(), within(1e-12));
        assertThat(BetaRange.dwave(m).hot()).isLessThan(r.hot()); // D-Wave's rule starts hotter
        assertThat(r.cold()).isGreaterThan(r.hot());
        double[] g = r.geometric(5);
        assertThat(g[0]).isCloseTo(r.hot(), within(1e-12));
        assertThat(g[4]).isCloseTo(r.cold(), within(1e-9));
    }
}
