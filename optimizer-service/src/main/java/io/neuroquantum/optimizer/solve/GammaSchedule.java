package io.neuroquantum.optimizer.solve;

import java.util.Arrays;

/**
 * The transverse field Gamma as a function of annealing progress u in [0, 1]:
 * linear from Gamma_0 to Gamma_1, exponential (geometric) from Gamma_0 to Gamma_1, or
 * piecewise linear through custom points (u_k, Gamma_k), u strictly increasing from 0 to 1.
 */
public record GammaSchedule(Kind kind, double start, double end, double[] u, double[] gamma) {

    public enum Kind { LINEAR, EXPONENTIAL, CUSTOM }

    public GammaSchedule {
        if (kind != Kind.CUSTOM && (!(start > 0) || !(end > 0) || !Double.isFinite(start) || !Double.isFinite(end))) {
            throw new IllegalArgumentException("Gamma_0 and Gamma_1 must be positive and finite");
        }
        if (kind == Kind.CUSTOM) {
            if (u == null || gamma == null || u.length < 2 || u.length != gamma.length || u[0] != 0 || u[u.length - 1] != 1) {
                throw new IllegalArgumentException("custom Gamma points need u from 0 to 1, at least two points");
            }
            for (int k = 0; k < u.length; k++) {
                if (!(gamma[k] > 0) || !Double.isFinite(gamma[k]) || (k > 0 && !(u[k] > u[k - 1]))) {
                    throw new IllegalArgumentException("custom Gamma points must have increasing u and positive Gamma");
                }
            }
        }
    }

    public static GammaSchedule linear(double g0, double g1) {
        return new GammaSchedule(Kind.LINEAR, g0, g1, null, null);
    }

    public static GammaSchedule exponential(double g0, double g1) {
        return new GammaSchedule(Kind.EXPONENTIAL, g0, g1, null, null);
    }

    public static GammaSchedule custom(double[] u, double[] gamma) {
        return new GammaSchedule(Kind.CUSTOM, gamma[0], gamma[gamma.length - 1], u.clone(), gamma.clone());
    }

    public double at(double x) {
        return switch (kind) {
            case LINEAR -> start + (end - start) * x;
            case EXPONENTIAL -> start * Math.pow(end / start, x);
            case CUSTOM -> {
                int k = Arrays.binarySearch(u, x);
                if (k >= 0) {
                    yield gamma[k];
                }
                int hi = -k - 1;
                if (hi <= 0) {
                    yield gamma[0];
                }
                if (hi >= u.length) {
                    yield gamma[u.length - 1];
                }
                double f = (x - u[hi - 1]) / (u[hi] - u[hi - 1]);
                yield gamma[hi - 1] + f * (gamma[hi] - gamma[hi - 1]);
            }
        };
    }

    /** Inter-slice coupling J_perp = -(P T / 2) ln tanh(Gamma / (P T)) at simulation temperature P T. */
    public static double jPerp(double gamma, double pt) {
        return -(pt / 2) * Math.log(Math.tanh(gamma / pt));
    }
}
