package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;

/**
 * Sequential single-spin Metropolis sweeps with incremental local fields: a flip of spin i
 * costs O(degree(i)) (its neighbours' fields change by 2 J_ij s_i'), an attempt O(1).
 *
 * <p>Two variants. When every coefficient times a small power of two ({@code scale} in
 * 1..16) is an integer, fields are ints and dE/2 = -s_i f_i is an int q; the acceptance
 * probability exp(-beta * 2q / scale) is precomputed per temperature as 53-bit thresholds
 * {@code thr[q]}, so an uphill attempt is one table load and one random draw, and
 * attempts with q beyond the table (probability below e^-40) are rejected without a draw.
 * Otherwise fields are doubles and exp is evaluated for uphill moves below the same cutoff.
 */
abstract sealed class Kernel permits Kernel.IntKernel, Kernel.DoubleKernel {

    static final double CUTOFF = 40.0;
    /** Longest acceptance table per temperature (8 bytes an entry). */
    static final int MAX_TABLE = 4096;

    /** Integer-kernel acceptance data for one temperature. */
    record IntAcceptance(long[] thr, int qCut, double betaPerQ) {
    }

    final IsingModel model;
    final int n;
    final int[] rs;
    final int[] col;

    Kernel(IsingModel model) {
        this.model = model;
        this.n = model.n();
        this.rs = model.j().rowStart();
        this.col = model.j().col();
    }

    static Kernel of(IsingModel model) {
        double maxRow = 0;
        for (int i = 0; i < model.n(); i++) {
            maxRow = Math.max(maxRow, Math.abs(model.h()[i]) + model.j().rowAbsSum(i));
        }
        for (int scale = 1; scale <= 16; scale *= 2) {
            if (maxRow * scale < (1 << 29) && integral(model, scale)) {
                return new IntKernel(model, scale, (int) Math.round(maxRow * scale));
            }
        }
        return new DoubleKernel(model);
    }

    private static boolean integral(IsingModel m, int scale) {
        for (double v : m.h()) {
            if (!isInt(v * scale)) {
                return false;
            }
        }
        for (double v : m.j().weight()) {
            if (!isInt(v * scale)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInt(double v) {
        return Math.abs(v - Math.rint(v)) <= 1e-9 * Math.max(1, Math.abs(v));
    }

    Replica newReplica() {
        return new Replica(n, this instanceof IntKernel);
    }

    /** Recomputes fields and energy from the spins. */
    abstract void init(Replica r);

    /** Real energy of the replica. */
    abstract double energy(Replica r);

    /** Acceptance data for inverse temperature beta (thresholds or the beta itself). */
    abstract Object acceptance(double beta);

    /** As {@link #acceptance(double)}, with a table of at most {@code maxLen} entries. */
    Object acceptance(double beta, int maxLen) {
        return acceptance(beta);
    }

    /** One sweep in index order at the temperature of {@code acc}. */
    abstract void sweep(Replica r, Object acc, Rng rng);

    /** Flips spin i unconditionally, updating fields and energy. */
    abstract void flip(Replica r, int i);

    /** Energy change of flipping spin i. */
    abstract double delta(Replica r, int i);

    static final class IntKernel extends Kernel {
        final int scale;
        final int maxQ;
        final int[] w;
        final int[] h;
        final long offsetScaled;
        /** The common scaled coupling when all are equal (unweighted Max-Cut), else 0. */
        final int uniformW;

        IntKernel(IsingModel m, int scale, int maxQ) {
            super(m);
            this.scale = scale;
            this.maxQ = maxQ;
            double[] dw = m.j().weight();
            w = new int[dw.length];
            for (int k = 0; k < dw.length; k++) {
                w[k] = (int) Math.rint(dw[k] * scale);
            }
            h = new int[n];
            for (int i = 0; i < n; i++) {
                h[i] = (int) Math.rint(m.h()[i] * scale);
            }
            offsetScaled = 0;
            int u = w.length > 0 ? w[0] : 0;
            for (int x : w) {
                if (x != u) {
                    u = 0;
                    break;
                }
            }
            uniformW = u;
        }

        @Override
        void init(Replica r) {
            long e2 = 0; // 2 * sum_{i<j} J s s + 2 * sum h s, to stay integral
            for (int i = 0; i < n; i++) {
                int f = h[i];
                for (int k = rs[i]; k < rs[i + 1]; k++) {
                    f += w[k] * r.s[col[k]];
                }
                r.fi[i] = f;
                e2 += (long) r.s[i] * (f + h[i]);
            }
            r.ei = e2 / 2;
        }

        @Override
        double energy(Replica r) {
            return model.offset() + (double) r.ei / scale;
        }

        @Override
        Object acceptance(double beta) {
            return acceptance(beta, MAX_TABLE);
        }

        /**
         * Thresholds thr[q] = 2^53 exp(-beta 2q / scale) for q below min(maxQ + 1, qCut, maxLen);
         * qCut is where the probability falls below e^-40. Between the table's end and qCut the
         * sweep evaluates exp itself (hot steps of models with large coefficients only).
         */
        @Override
        IntAcceptance acceptance(double beta, int maxLen) {
            long qCut = Math.min(maxQ + 1L, (long) Math.ceil(CUTOFF * scale / (2 * beta)) + 1);
            int len = (int) Math.max(1, Math.min(qCut, maxLen));
            long[] thr = new long[len];
            for (int q = 1; q < len; q++) {
                thr[q] = (long) (Math.exp(-beta * 2.0 * q / scale) * 0x1.0p53);
            }
            thr[0] = 1L << 53;
            return new IntAcceptance(thr, (int) Math.min(qCut, Integer.MAX_VALUE), 2.0 * beta / scale);
        }

        @Override
        void sweep(Replica r, Object acc, Rng rng) {
            IntAcceptance a = (IntAcceptance) acc;
            long[] thr = a.thr();
            int tl = thr.length;
            int qCut = a.qCut();
            int[] s = r.s;
            int[] f = r.fi;
            int[] rs = this.rs;
            int[] col = this.col;
            int[] w = this.w;
            int uw = uniformW;
            long e = r.ei;
            // xoshiro256++ inlined with its state in locals (same sequence as Rng.nextLong).
            long s0 = rng.s0;
            long s1 = rng.s1;
            long s2 = rng.s2;
            long s3 = rng.s3;
            for (int i = 0, n = this.n; i < n; i++) {
                int si = s[i];
                int q = -si * f[i];
                boolean accept = q <= 0;
                if (!accept && q < qCut) {
                    long rnd = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    accept = (rnd >>> 11) < (q < tl ? thr[q] : (long) (Math.exp(-a.betaPerQ() * q) * 0x1.0p53));
                }
                if (accept) {
                    si = -si;
                    s[i] = si;
                    e += 2L * q;
                    int d = 2 * si;
                    if (uw != 0) {
                        // unweighted: no weight load per neighbour
                        d *= uw;
                        for (int k = rs[i], end = rs[i + 1]; k < end; k++) {
                            f[col[k]] += d;
                        }
                    } else {
                        for (int k = rs[i], end = rs[i + 1]; k < end; k++) {
                            f[col[k]] += d * w[k];
                        }
                    }
                }
            }
            rng.s0 = s0;
            rng.s1 = s1;
            rng.s2 = s2;
            rng.s3 = s3;
            r.ei = e;
        }

        @Override
        void flip(Replica r, int i) {
            int si = r.s[i];
            r.ei += 2L * (-si * r.fi[i]);
            si = -si;
            r.s[i] = si;
            int d = 2 * si;
            for (int k = rs[i]; k < rs[i + 1]; k++) {
                r.fi[col[k]] += d * w[k];
            }
        }

        @Override
        double delta(Replica r, int i) {
            return -2.0 * r.s[i] * r.fi[i] / scale;
        }
    }

    static final class DoubleKernel extends Kernel {
        final double[] w;
        final double[] h;

        DoubleKernel(IsingModel m) {
            super(m);
            w = m.j().weight();
            h = m.h();
        }

        @Override
        void init(Replica r) {
            double e2 = 0;
            for (int i = 0; i < n; i++) {
                double f = h[i];
                for (int k = rs[i]; k < rs[i + 1]; k++) {
                    f += w[k] * r.s[col[k]];
                }
                r.fd[i] = f;
                e2 += r.s[i] * (f + h[i]);
            }
            r.ed = e2 / 2;
        }

        @Override
        double energy(Replica r) {
            return model.offset() + r.ed;
        }

        @Override
        Object acceptance(double beta) {
            return new double[] {beta};
        }

        @Override
        void sweep(Replica r, Object acc, Rng rng) {
            double beta = ((double[]) acc)[0];
            double cut = CUTOFF / beta;
            int[] s = r.s;
            double[] f = r.fd;
            double e = r.ed;
            for (int i = 0; i < n; i++) {
                int si = s[i];
                double de = -2.0 * si * f[i];
                if (de <= 0 || (de < cut && rng.nextDouble() < Math.exp(-beta * de))) {
                    si = -si;
                    s[i] = si;
                    e += de;
                    double d = 2 * si;
                    for (int k = rs[i], end = rs[i + 1]; k < end; k++) {
                        f[col[k]] += d * w[k];
                    }
                }
            }
            r.ed = e;
        }

        @Override
        void flip(Replica r, int i) {
            int si = r.s[i];
            r.ed += -2.0 * si * r.fd[i];
            si = -si;
            r.s[i] = si;
            double d = 2 * si;
            for (int k = rs[i]; k < rs[i + 1]; k++) {
                r.fd[col[k]] += d * w[k];
            }
        }

        @Override
        double delta(Replica r, int i) {
            return -2.0 * r.s[i] * r.fd[i];
        }
    }
}
