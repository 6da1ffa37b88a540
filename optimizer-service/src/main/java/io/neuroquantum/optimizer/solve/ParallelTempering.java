package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Parallel tempering (replica exchange Monte Carlo). R replicas sit on a ladder of inverse
 * temperatures beta_0 &lt; ... &lt; beta_{R-1} (at first geometric between D-Wave's hot end
 * ln 2 / max|dE| and the automatic cold end). Each round every replica does one Metropolis
 * sweep at its temperature (replica r on worker r mod T, in parallel); then neighbouring
 * temperatures k, k+1 (even k on even rounds, odd k on odd rounds) exchange configurations with probability
 * <pre>   min(1, exp((beta_{k+1} - beta_k)(E_{k+1} - E_k)))</pre>
 * During the first {@code tuneFraction} of the rounds (and at most 5000) the ladder is
 * re-spaced every 100 rounds toward equal acceptance on all pairs: each gap in ln beta is
 * scaled by (a_k + 0.05) / (mean a + 0.05) and the ladder renormalised to its ends.
 * Swaps and the ladder updates run between rounds on one thread with their own random
 * stream, so the trajectory depends on the seed only, not on the thread count.
 * Optionally ({@code restartStall}), when no replica has improved on the epoch's best for a number
 * of rounds, all replicas restart from random spins on the tuned ladder: on G22 PT reaches 13358
 * within about 2500 rounds and then either finds 13359 soon or stays in that basin for the rest
 * of a 30 s run.
 * The best state seen is finally polished by single-flip descent.
 */
public final class ParallelTempering implements IsingSolver {

    /**
     * @param replicas      number of temperatures (0: {@link #defaultReplicas(int)}, at least 2)
     * @param betaHot       hottest beta (NaN: automatic)
     * @param betaCold      coldest beta (NaN: automatic)
     * @param tuneFraction  fraction of the rounds used to tune the ladder
     * @param restartStall  restart all replicas from random spins (new streams, ladder kept) after this
     *                      many rounds without a new best of the current epoch; 0: automatic, as many
     *                      rounds as the epoch took to its last improvement and at least 2000;
     *                      negative (the default): never. Measured (30 s, seeds 0-2): automatic
     *                      restarts took G22's 13359 from 1/3 to 2/3 seeds but G14's 3064 from 3/3
     *                      to 0/3 (G14 improves after stalls of 15 000 to 130 000 rounds)
     */
    public record Params(int replicas, double betaHot, double betaCold, double tuneFraction, int restartStall) {
        public static final Params DEFAULT = new Params(0, Double.NaN, Double.NaN, 0.2, -1);

        public Params(int replicas, double betaHot, double betaCold, double tuneFraction) {
            this(replicas, betaHot, betaCold, tuneFraction, -1);
        }
    }

    static final int MIN_RESTART_STALL = 2000;

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
        int R = Math.max(2, params.replicas() > 0 ? params.replicas() : defaultReplicas(model.n()));
        // The hot end stays at D-Wave's rule (ln 2 / max|dE|), much hotter than SA's 1 / sigma: the
        // hottest replicas must decorrelate, and with 1 / sigma PT no longer reached G14's 3064 in 30 s.
        BetaRange range = SimulatedAnnealing.range(BetaRange.dwave(model), params.betaHot(), params.betaCold());
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
        // epoch: {index, first round, round of the last improvement}; epochBest its best energy
        long[] epoch = {0, 0, 0};
        double[] epochBest = {Double.POSITIVE_INFINITY};
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
            double roundBest = Double.POSITIVE_INFINITY;
            for (int k = R - 1; k >= 0; k--) {
                Replica r = rep[atTemp[k]];
                double e = kernel.energy(r);
                roundBest = Math.min(roundBest, e);
                if (e <= run.bestEnergy()) {
                    run.offer(e, r.s, t);
                }
            }
            if (roundBest < epochBest[0] - 1e-9) {
                epochBest[0] = roundBest;
                epoch[2] = t;
            }
            long stall = params.restartStall() != 0 ? params.restartStall()
                    : Math.max(MIN_RESTART_STALL, epoch[2] - epoch[1]);
            if (params.restartStall() >= 0 && t - epoch[2] > stall) {
                // Stuck: the cold replicas share one basin. Start again from random spins.
                epoch[0]++;
                epoch[1] = t + 1;
                epoch[2] = t + 1;
                epochBest[0] = Double.POSITIVE_INFINITY;
                for (int r = 0; r < R; r++) {
                    rngs[r] = Rng.stream(options.seed(), epoch[0] * R + r);
                    rngs[r].randomSpins(rep[r].s);
                    kernel.init(rep[r]);
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

    /**
     * Default replica count: 16 sqrt(n / 800), between 16 and 64. Energy fluctuations grow as
     * sqrt(n), so the number of temperatures that keeps neighbouring replicas' energy
     * distributions overlapping does too. Calibrated on G14 (n = 800, 30 s, seeds 0-2: 3064 in
     * 3/3 with 16 replicas, 1/3 with 24, 0/3 with 32) and G22 (n = 2000 -> 25: 13359 in 1/3 with
     * 16, 2/3 with 24, 3/3 with 32). Smaller models keep 16: with 8 replicas PT on the TSP QUBOs
     * (169-256 variables) was clearly worse (burma14 best 3847 against 3530 with 16).
     */
    public static int defaultReplicas(int n) {
        return (int) Math.max(16, Math.min(64, Math.round(16 * Math.sqrt(n / 800.0))));
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
