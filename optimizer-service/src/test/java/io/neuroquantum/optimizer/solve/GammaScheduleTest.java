package io.neuroquantum.optimizer.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GammaScheduleTest {

    @Test
    void schedulesInterpolate() {
        assertThat(GammaSchedule.linear(3, 1).at(0.5)).isCloseTo(2, within(1e-12));
        assertThat(GammaSchedule.exponential(4, 1).at(0.5)).isCloseTo(2, within(1e-12));
        GammaSchedule c = GammaSchedule.custom(new double[] {0, 0.5, 1}, new double[] {4, 2, 1});
        assertThat(c.at(0.25)).isCloseTo(3, within(1e-12));
        assertThat(c.at(1)).isEqualTo(1);
    }

    @Test
    void interSliceCouplingGrowsAsGammaFalls() {
        double pt = 1;
        assertThat(GammaSchedule.jPerp(3, pt)).isLessThan(GammaSchedule.jPerp(0.1, pt));
        // -(PT/2) ln tanh(Gamma/PT) at Gamma = PT: -(1/2) ln tanh 1
        assertThat(GammaSchedule.jPerp(1, 1)).isCloseTo(-0.5 * Math.log(Math.tanh(1)), within(1e-12));
    }
}
