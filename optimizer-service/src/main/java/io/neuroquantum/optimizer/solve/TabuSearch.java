package io.neuroquantum.optimizer.solve;

import io.neuroquantum.optimizer.model.IsingModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One-flip tabu search with perturbation restarts (in the spirit of breakout local search).
 * Each iteration flips the non-tabu spin with the lowest dE (a tabu spin only if it gives a
 * new best: aspiration); a flipped spin stays tabu for {@code tenure + U[0, tenure/2]}
 * iterations. After {@code stall} iterations without a new best of the run, the run goes
 * back to its best state and flips {@code perturbation} random spins.
 * Independent runs (run k uses stream k of the seed) go to the worker threads.
 * An iteration scans all n spins: O(n + degree).
 */
public final class TabuSearch implements IsingSolver {

    /**
     * @param tenure       base tabu tenure (0: max(10, n/20), calibrated on G22)
     * @param stall        iterations without improvement before a perturbation (0: max(2000, 20 n))
     * @param perturbation spins flipped by a perturbation (0: max(4, n/40))
     * @param defaultSweeps iterations per run, in units of n, when the options give none (0: until the limits)
     */
    public record Params(int tenure, int stall, int perturbation, long defaultSweeps) {
        public static final Params DEFAULT = new Params(0, 0, 0, 0);
    }

    private final Params params;

    public TabuSearch() {
        this(Params.DEFAULT);
    }

    public TabuSearch(Params params) {
        this.params = params;
    }

    @Override
    public String name() {
        return "tabu";
    }

    @Override
    public SolveResult solve(IsingModel model, SolveOptions options, SolveControl control) {
        Run run = new Run(model, options, control);
        Kernel kernel = Kernel.of(model);
        int threads = options.effectiveThreads();
        int runs = options.restarts() > 0 ? options.restarts() : threads;
        long sweeps = options.sweeps() > 0 ? options.sweeps() : params.defaultSweeps();
        AtomicInteger next = new AtomicInteger();
        Run.parallel(threads, id -> {
            while (!run.shouldStop()) {
                int k = next.getAndIncrement();
                if (k >= runs) {
                    break;
                }
                search(run, kernel, Rng.stream(options.seed(), k), k, sweeps);
            }
        });
        return run.result(name(), threads, Math.min(next.get(), runs));
    }

    private void search(Run run, Kernel kernel, Rng rng, int index, long sweeps) {
        int n = kernel.n;
        if (n == 0) {
            return;
        }
        int tenure = params.tenure() > 0 ? params.tenure() : Math.max(10, n / 20);
        long stall = params.stall() > 0 ? params.stall() : Math.max(2000, 20L * n);
        int pert = params.perturbation() > 0 ? params.perturbation() : Math.max(4, n / 40);
        long maxIter = sweeps > 0 ? sweeps * n : Long.MAX_VALUE;
        Replica r = kernel.newReplica();
        rng.randomSpins(r.s);
        kernel.init(r);
        GreedyDescent.descend(kernel, r);
        double runBest = kernel.energy(r);
        int[] bestSpins = r.s.clone();
        run.offer(runBest, r.s, index);
        long[] tabuUntil = new long[n];
        long lastImprove = 0;
        long reported = 0;
        long iter = 0;
        while (iter < maxIter) {
            if ((iter & 255) == 0) {
                run.addWork(0, iter - reported);
                reported = iter;
                if (run.shouldStop()) {
                    break;
                }
            }
            int start = rng.nextInt(n);
            int pick = kernel instanceof Kernel.IntKernel ik
                    ? pickInt(ik, r, tabuUntil, iter, start, runBest)
                    : pickDouble(kernel, r, tabuUntil, iter, start, runBest);
            if (pick < 0) {
                break;
            }
            kernel.flip(r, pick);
            tabuUntil[pick] = iter + tenure + rng.nextInt(tenure / 2 + 1);
            iter++;
            double now = kernel.energy(r);
            if (now < runBest - 1e-9) {
                runBest = now;
                System.arraycopy(r.s, 0, bestSpins, 0, n);
                lastImprove = iter;
                if (now <= run.bestEnergy()) {
                    run.offer(now, r.s, index);
                }
            } else if (iter - lastImprove > stall) {
                System.arraycopy(bestSpins, 0, r.s, 0, n);
                for (int p = 0; p < pert; p++) {
                    int i = rng.nextInt(n);
                    r.s[i] = -r.s[i];
                }
                kernel.init(r);
                java.util.Arrays.fill(tabuUntil, 0);
                lastImprove = iter;
            }
        }
        // Moves count as attempts; sweeps are moves / n.
        run.addWork(iter / n, iter - reported);
    }

    /** Best allowed move, integer kernel: minimal q = -s_i f_i (dE = 2q / scale); ties to the first after start. */
    private static int pickInt(Kernel.IntKernel k, Replica r, long[] tabuUntil, long iter, int start, double runBest) {
        int n = k.n;
        int[] s = r.s;
        int[] f = r.fi;
        // aspiration: E + 2q/scale < runBest  <=>  q < (runBest - E) * scale / 2
        double aspire = (runBest - k.energy(r) - 1e-9) * k.scale / 2;
        int pick = -1;
        int best = Integer.MAX_VALUE;
        for (int i = start; i < n; i++) {
            int q = -s[i] * f[i];
            if (q < best && (tabuUntil[i] <= iter || q < aspire)) {
                best = q;
                pick = i;
            }
        }
        for (int i = 0; i < start; i++) {
            int q = -s[i] * f[i];
            if (q < best && (tabuUntil[i] <= iter || q < aspire)) {
                best = q;
                pick = i;
            }
        }
        return pick;
    }

    private static int pickDouble(Kernel k, Replica r, long[] tabuUntil, long iter, int start, double runBest) {
        int n = k.n;
        double e = k.energy(r);
        int pick = -1;
        double pickDelta = Double.POSITIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            int i = start + c;
            if (i >= n) {
                i -= n;
            }
            double d = k.delta(r, i);
            if (d < pickDelta && (tabuUntil[i] <= iter || e + d < runBest - 1e-9)) {
                pickDelta = d;
                pick = i;
            }
        }
        return pick;
    }
}
