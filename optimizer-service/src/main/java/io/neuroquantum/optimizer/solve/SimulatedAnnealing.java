package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated annealing: each restart starts from random spins and does {@code sweeps}
 * Metropolis sweeps with beta following the schedule from hot to cold (geometric by
 * default, or linear). Restarts are independent (restart k uses stream k of the seed) and
 * run on the worker threads; the best state of any sweep of any restart is returned,
 * ties going to the lowest restart index.
 */
public final class SimulatedAnnealing implements IsingSolver {

    public enum Schedule { GEOMETRIC, LINEAR }

    /**
     * @param betaHot  starting inverse temperature (NaN: automatic, see {@link BetaRange})
     * @param betaCold final inverse temperature (NaN: automatic)
     * @param schedule how beta moves between them
     * @param defaultSweeps sweeps per restart when the options give none
     */
    public record Params(double betaHot, double betaCold, Schedule schedule, long defaultSweeps) {
        public static final Params DEFAULT = new Params(Double.NaN, Double.NaN, Schedule.GEOMETRIC, 1000);
    }

    static final int MAX_STEPS = 10_000;

    private final Params params;

    public SimulatedAnnealing() {
        this(Params.DEFAULT);
    }

    public SimulatedAnnealing(Params params) {
        this.params = params;
    }

    @Override
    public String name() {
        return "sa";
    }

    public static BetaRange range(IsingModel model, double hot, double cold) {
        return range(BetaRange.auto(model), hot, cold);
    }

    /** {@code auto} with the given ends substituted where they are not NaN. */
    static BetaRange range(BetaRange auto, double hot, double cold) {
        return new BetaRange(Double.isNaN(hot) ? auto.hot() : hot, Double.isNaN(cold) ? Math.max(auto.cold(),
                Double.isNaN(hot) ? auto.hot() : hot) : cold);
    }

    @Override
    public SolveResult solve(IsingModel model, SolveOptions options, SolveControl control) {
        Run run = new Run(model, options, control);
        Kernel kernel = Kernel.of(model);
        long sweeps = options.sweeps() > 0 ? options.sweeps() : params.defaultSweeps();
        if (sweeps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sweeps per restart must be below 2^31");
        }
        BetaRange range = range(model, params.betaHot(), params.betaCold());
        // At most MAX_STEPS distinct temperatures, each held for sweeps / steps sweeps, so that
        // the precomputed acceptance tables stay small for long runs.
        int steps = (int) Math.min(sweeps, MAX_STEPS);
        double[] betas = params.schedule() == Schedule.LINEAR ? range.linear(steps) : range.geometric(steps);
        Object[] acc = new Object[steps];
        for (int t = 0; t < steps; t++) {
            acc[t] = kernel.acceptance(betas[t], Math.max(64, 4_000_000 / steps)); // <= 32 MB of tables
        }
        long totalSweeps = sweeps;
        int threads = options.effectiveThreads();
        AtomicInteger next = new AtomicInteger();
        Run.parallel(threads, id -> {
            Replica r = kernel.newReplica();
            while (!run.shouldStop()) {
                int k = next.getAndIncrement();
                if (options.restarts() > 0 && k >= options.restarts()) {
                    break;
                }
                anneal(run, kernel, r, acc, totalSweeps, Rng.stream(options.seed(), k), k);
            }
        });
        int done = Math.min(next.get(), options.restarts() > 0 ? options.restarts() : Integer.MAX_VALUE);
        return run.result(name(), threads, done);
    }

    private static void anneal(Run run, Kernel kernel, Replica r, Object[] acc, long sweeps, Rng rng, int index) {
        rng.randomSpins(r.s);
        kernel.init(r);
        int n = kernel.n;
        long doneSweeps = 0;
        double restartBest = Double.POSITIVE_INFINITY;
        int steps = acc.length;
        for (long t = 0; t < sweeps; t++) {
            if (run.shouldStop()) {
                break;
            }
            kernel.sweep(r, acc[(int) (t * steps / sweeps)], rng);
            doneSweeps++;
            double e = kernel.energy(r);
            if (e < restartBest) {
                restartBest = e;
                if (e <= run.bestEnergy()) {
                    run.addWork(doneSweeps, doneSweeps * n);
                    doneSweeps = 0;
                    run.offer(e, r.s, index);
                }
            }
        }
        run.addWork(doneSweeps, doneSweeps * n);
    }
}
