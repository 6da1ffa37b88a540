package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated quantum annealing: a classical path-integral Monte Carlo simulation of the
 * transverse-field Ising model H = H_cl(sigma^z) - Gamma(t) sum_i sigma^x_i at temperature T.
 * The Suzuki-Trotter decomposition with P slices maps it to P coupled classical copies,
 * <pre>
 *   H_eff = sum_k H_cl(s^k) - J_perp sum_k sum_i s_i^k s_i^{k+1}   (k+1 mod P),
 *   J_perp = -(P T / 2) ln tanh(Gamma / (P T)),
 * </pre>
 * sampled by Metropolis at temperature P T. Each sweep: for every slice every spin a local
 * move, dE = -2 s_i^k f_i^k + 2 J_perp s_i^k (s_i^{k-1} + s_i^{k+1}); then for every spin a
 * world-line move flipping it in all slices at once, dE = sum_k -2 s_i^k f_i^k (the
 * inter-slice term does not change). Gamma follows the schedule over the sweeps; T is fixed.
 * The answer is the lowest classical energy of any slice at any sweep, polished by
 * single-flip descent. Independent restarts run on the worker threads.
 * This is a simulation on a classical computer, with the cost of P classical replicas.
 */
public final class SimulatedQuantumAnnealing implements IsingSolver {

    /**
     * @param slices        Trotter slices P (at least 2)
     * @param temperature   T of the quantum system (NaN: automatic, see {@link #defaults})
     * @param gammaStart    Gamma at the start (NaN: automatic)
     * @param gammaEnd      Gamma at the end (NaN: automatic)
     * @param kind          linear / exponential schedule (custom: {@code customU}, {@code customGamma})
     * @param customU       custom schedule points u in [0, 1]
     * @param customGamma   custom schedule Gamma values
     * @param defaultSweeps sweeps per restart when the options give none
     */
    public record Params(int slices, double temperature, double gammaStart, double gammaEnd,
                         GammaSchedule.Kind kind, double[] customU, double[] customGamma, long defaultSweeps) {
        public static final Params DEFAULT = new Params(16, Double.NaN, Double.NaN, Double.NaN,
                GammaSchedule.Kind.LINEAR, null, null, 1000);

        public Params withSlices(int p) {
            return new Params(p, temperature, gammaStart, gammaEnd, kind, customU, customGamma, defaultSweeps);
        }
    }

    private final Params params;

    public SimulatedQuantumAnnealing() {
        this(Params.DEFAULT);
    }

    public SimulatedQuantumAnnealing(Params params) {
        if (params.slices() < 2) {
            throw new IllegalArgumentException("SQA needs at least 2 Trotter slices, got " + params.slices());
        }
        this.params = params;
    }

    @Override
    public String name() {
        return "sqa";
    }

    /**
     * Typical local-field magnitude: sigma = sqrt(mean_i (h_i^2 + sum_j J_ij^2)), the standard
     * deviation of f_i over random states. The defaults are set in this unit (calibrated on G1):
     * P T = 0.6 sigma at the reference P = 16, Gamma from 4 sigma down to 0.001 sigma.
     */
    static double fieldScale(IsingModel model) {
        return model.fieldScale();
    }

    /** {T, Gamma_0, Gamma_1} actually used for {@code model}. */
    public double[] defaults(IsingModel model) {
        double sigma = fieldScale(model);
        double t = Double.isNaN(params.temperature()) ? 0.6 * sigma / 16 : params.temperature();
        double g0 = Double.isNaN(params.gammaStart()) ? 4 * sigma : params.gammaStart();
        double g1 = Double.isNaN(params.gammaEnd()) ? 1e-3 * sigma : params.gammaEnd();
        return new double[] {t, g0, g1};
    }

    @Override
    public SolveResult solve(IsingModel model, SolveOptions options, SolveControl control) {
        Run run = new Run(model, options, control);
        Kernel kernel = Kernel.of(model);
        double[] d = defaults(model);
        int p = params.slices();
        double pt = p * d[0];
        GammaSchedule sched = switch (params.kind()) {
            case LINEAR -> GammaSchedule.linear(d[1], d[2]);
            case EXPONENTIAL -> GammaSchedule.exponential(d[1], d[2]);
            case CUSTOM -> GammaSchedule.custom(params.customU(), params.customGamma());
        };
        long sweeps = options.sweeps() > 0 ? options.sweeps() : params.defaultSweeps();
        long totalSweeps = sweeps;
        int threads = options.effectiveThreads();
        AtomicInteger next = new AtomicInteger();
        Run.parallel(threads, id -> {
            Replica[] sl = new Replica[p];
            for (int k = 0; k < p; k++) {
                sl[k] = kernel.newReplica();
            }
            while (!run.shouldStop()) {
                int k = next.getAndIncrement();
                if (options.restarts() > 0 && k >= options.restarts()) {
                    break;
                }
                anneal(run, kernel, sl, sched, totalSweeps, pt, Rng.stream(options.seed(), k), k);
            }
        });
        int done = Math.min(next.get(), options.restarts() > 0 ? options.restarts() : Integer.MAX_VALUE);
        SolveResult raw = run.result(name(), threads, done);
        int[] best = raw.spins().clone();
        double polished = GreedyDescent.polish(model, best);
        if (polished < raw.energy()) {
            run.offer(polished, best, Long.MAX_VALUE - 1);
            return run.result(name(), threads, done);
        }
        return raw;
    }

    private static void anneal(Run run, Kernel kernel, Replica[] sl, GammaSchedule sched, long sweeps, double pt,
                               Rng rng, int index) {
        int p = sl.length;
        int n = kernel.n;
        rng.randomSpins(sl[0].s);
        for (int k = 0; k < p; k++) {
            if (k > 0) {
                System.arraycopy(sl[0].s, 0, sl[k].s, 0, n);
            }
            kernel.init(sl[k]);
        }
        double invT = 1.0 / pt;
        double cut = Kernel.CUTOFF * pt;

        for (long t = 0; t < sweeps; t++) {
            if (run.shouldStop()) {
                break;
            }
            double jPerp = GammaSchedule.jPerp(sched.at(sweeps == 1 ? 1 : (double) t / (sweeps - 1)), pt);
            for (int k = 0; k < p; k++) {
                if (k > 0 && run.shouldStop()) { // a sweep is P slices: keep cancellation prompt
                    return;
                }
                int[] up = sl[(k + 1) % p].s;
                int[] down = sl[(k + p - 1) % p].s;
                Replica r = sl[k];
                for (int i = 0; i < n; i++) {
                    int s = r.s[i];
                    double dE = kernel.delta(r, i) + 2 * jPerp * s * (up[i] + down[i]);
                    if (dE <= 0 || (dE < cut && rng.nextDouble() < Math.exp(-dE * invT))) {
                        kernel.flip(r, i);
                    }
                }
            }
            // world-line moves
            for (int i = 0; i < n; i++) {
                double dE = 0;
                for (int k = 0; k < p; k++) {
                    dE += kernel.delta(sl[k], i);
                }

                if (dE <= 0 || (dE < cut && rng.nextDouble() < Math.exp(-dE * invT))) {
                    for (int k = 0; k < p; k++) {
                        kernel.flip(sl[k], i);
                    }
                }
            }
            run.addWork(1, (long) n * (p + 1));
            int bestK = 0;
            double bestE = Double.POSITIVE_INFINITY;
            for (int k = 0; k < p; k++) {
                double e = kernel.energy(sl[k]);
                if (e < bestE) {
                    bestE = e;
                    bestK = k;
                }
            }
            if (bestE <= run.bestEnergy()) {
                run.offer(bestE, sl[bestK].s, index);
            }
        }
    }
}
