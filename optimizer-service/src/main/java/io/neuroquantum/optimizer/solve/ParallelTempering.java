package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Parallel tempering (replica exchange Monte Carlo). R replicas sit on a ladder of inverse
 * temperatures beta_0 &lt; ... &lt; beta_{R-1} (geometric between the automatic hot and cold
 * ends at first). Each round every replica does one Metropolis sweep at its temperature
 * (replica r on worker r mod T, in parallel); then neighbouring temperatures k, k+1
 * (even k on even rounds, odd k on odd rounds) exchange configurations with probability
 * <pre>   min(1, exp((beta_{k+1} - beta_k)(E_{k+1} - E_k)))</pre>
 * During the first {@code tuneFraction} of the rounds (and at most 5000) the ladder is
 * re-spaced every 100 rounds toward equal acceptance on all pairs: each gap in ln beta is
 * scaled by (a_k + 0.05) / (mean a + 0.05) and the ladder renormalised to its ends.
 * Swaps and the ladder updates run between rounds on one thread with their own random
 * stream, so the trajectory depends on the seed only, not on the thread count.
 * The best state seen is finally polished by single-flip descent.
 */
public final class ParallelTempering implements IsingSolver {

    /**
     * @param replicas      number of temperatures (0: 16, at least 2)
     * @param betaHot       hottest beta (NaN: automatic)
     * @param betaCold      coldest beta (NaN: automatic)
     * @param tuneFraction  fraction of the rounds used to tune the ladder
     */
    public record Params(int replicas, double betaHot, double betaCold, double tuneFraction) {
        public static final Params DEFAULT = new Params(0, Double.NaN, Double.NaN, 0.2);
    }

    private final Params params;

    public ParallelTempering() {
        this(Params.DEFAULT);
    }

    public ParallelTempering(Params params) {
        this.params = params;
    }

    @Override
    public String name() {
        return "pt";
    }

    @Override
    public SolveResult solve(IsingModel model, SolveOptions options, SolveControl control) {
        Run run = new Run(model, options, control);
        Kernel kernel = Kernel.of(model);
        int R = Math.max(2, params.replicas() > 0 ? params.replicas() : 16);
        BetaRange range = SimulatedAnnealing.range(model, params.betaHot(), params.betaCold());
        double[] beta = range.geometric(R);
        Object[] acc = new Object[R];
        Replica[] rep = new Replica[R];
        Rng[] rngs = new Rng[R];
        int[] atTemp = new int[R]; // replica index at temperature k
        for (int r = 0; r < R; r++) {
            rep[r] = kernel.newReplica();
            rngs[r] = Rng.stream(options.seed(), r);
            rngs[r].randomSpins(rep[r].s);
            kernel.init(rep[r]);
            acc[r] = kernel.acceptance(beta[r]);
            atTemp[r] = r;
        }
        int[] tempOf = new int[R];
        for (int r = 0; r < R; r++) {
            tempOf[r] = r;
        }
        Rng master = Rng.stream(options.seed(), -1);
        long rounds = options.sweeps() > 0 ? options.sweeps() : Long.MAX_VALUE;
        long tuneRounds = rounds == Long.MAX_VALUE ? 5000 : Math.min(5000, (long) (rounds * params.tuneFraction()));
        long[] tried = new long[R - 1];
        long[] swapped = new long[R - 1];
        int threads = Math.min(options.effectiveThreads(), R);
        long[] round = {0};
        boolean[] stop = {false};
        int n = kernel.n;
        Runnable between = () -> {
            long t = round[0];
            run.addWork(R, (long) R * n);
            // exchanges
            for (int k = (int) (t & 1); k + 1 < R; k += 2) {
                Replica a = rep[atTemp[k]];
                Replica b = rep[atTemp[k + 1]];
                double x = (beta[k + 1] - beta[k]) * (kernel.energy(b) - kernel.energy(a));
                tried[k]++;
                if (x >= 0 || master.nextDouble() < Math.exp(x)) {
                    swapped[k]++;
                    int ra = atTemp[k];
                    atTemp[k] = atTemp[k + 1];
                    atTemp[k + 1] = ra;
                    tempOf[atTemp[k]] = k;
                    tempOf[atTemp[k + 1]] = k + 1;
                }
            }
            // best, in temperature order from cold (deterministic)
            for (int k = R - 1; k >= 0; k--) {
                Replica r = rep[atTemp[k]];
                double e = kernel.energy(r);
                if (e <= run.bestEnergy()) {
                    run.offer(e, r.s, t);
                }
            }
            if (t < tuneRounds && t % 100 == 99 && R > 2) {
                retune(beta, tried, swapped);
                for (int k = 0; k < R; k++) {
                    acc[k] = kernel.acceptance(beta[k]);
                }
            }
            round[0]++;
            if (round[0] >= rounds || run.shouldStop()) {
                stop[0] = true;
            }
        };
        CyclicBarrier barrier = new CyclicBarrier(threads, between);
        Run.parallel(threads, id -> {
            try {
                while (!stop[0]) {
                    for (int r = id; r < R; r += threads) {
                        kernel.sweep(rep[r], acc[tempOf[r]], rngs[r]);
                    }
                    barrier.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                barrier.reset();
            } catch (BrokenBarrierException e) {
                // another worker failed; Run.parallel reports its exception
            }
        });
        SolveResult raw = run.result(name(), threads, R);
        int[] best = raw.spins().clone();
        double polished = GreedyDescent.polish(model, best);
        if (polished < raw.energy()) {
            run.offer(polished, best, Long.MAX_VALUE - 1);
            return run.result(name(), threads, R);
        }
        return raw;
    }

    /** Re-spaces the ladder in ln beta toward equal exchange acceptance; keeps both ends. */
    static void retune(double[] beta, long[] tried, long[] swapped) {
        int R = beta.length;
        double[] a = new double[R - 1];
        double mean = 0;
        for (int k = 0; k < R - 1; k++) {
            a[k] = tried[k] == 0 ? 0 : (double) swapped[k] / tried[k];
            mean += a[k] / (R - 1);
        }
        double[] gap = new double[R - 1];
        double total = 0;
        for (int k = 0; k < R - 1; k++) {
            gap[k] = (Math.log(beta[k + 1]) - Math.log(beta[k])) * (a[k] + 0.05) / (mean + 0.05);
            total += gap[k];
        }
        double span = Math.log(beta[R - 1]) - Math.log(beta[0]);
        double lb = Math.log(beta[0]);
        for (int k = 1; k < R - 1; k++) {
            lb += gap[k - 1] * span / total;
            beta[k] = Math.exp(lb);
        }
        java.util.Arrays.fill(tried, 0);
        java.util.Arrays.fill(swapped, 0);
    }
}
