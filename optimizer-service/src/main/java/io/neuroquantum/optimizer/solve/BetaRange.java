package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;

/**
 * Default inverse-temperature range from the model's energy scale (the rule D-Wave's
 * samplers use): hot beta = ln 2 / max|dE| (the largest possible flip is accepted half the
 * time), cold beta = ln 100 / min|dE| (the smallest uphill flip is accepted 1 % of the time),
 * with min|dE| = 2 x the smallest non-zero coefficient.
 */
public record BetaRange(double hot, double cold) {

    public BetaRange {
        if (!(hot > 0) || !(cold >= hot) || !Double.isFinite(cold)) {
            throw new IllegalArgumentException("need 0 < hot beta <= cold beta, got " + hot + ", " + cold);
        }
    }

    public static BetaRange auto(IsingModel m) {
        double max = Math.max(m.maxFlipDelta(), 1e-12);
        double min = 2 * m.minAbsCoefficient();
        double hot = Math.log(2) / max;
        double cold = Math.max(hot, Math.log(100) / min);
        return new BetaRange(hot, cold);
    }

    /** Geometric ladder of {@code count} values from hot to cold. */
    public double[] geometric(int count) {
        double[] b = new double[count];
        for (int k = 0; k < count; k++) {
            b[k] = count == 1 ? cold : hot * Math.pow(cold / hot, (double) k / (count - 1));
        }
        return b;
    }

    public double[] linear(int count) {
        double[] b = new double[count];
        for (int k = 0; k < count; k++) {
            b[k] = count == 1 ? cold : hot + (cold - hot) * k / (count - 1);
        }
        return b;
    }
}
