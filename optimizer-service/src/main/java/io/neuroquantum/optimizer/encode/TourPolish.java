package io.neuroquantum.optimizer.encode;

import io.neuroquantum.optimizer.model.TspInstance;
import java.util.SplittableRandom;

/**
 * Permutation-move polish of a tour: 2-opt and Or-opt (segments of 1-3 cities, both
 * orientations) to a local optimum, then, while the time budget lasts, iterated local
 * search: a double-bridge kick followed by the same local search, keeping the result if
 * it is not longer. Deterministic for a seed when it runs to a local optimum only
 * ({@code budgetMs == 0}); with a budget the number of kicks depends on the clock.
 */
public final class TourPolish {

    private TourPolish() {
    }

    public static int[] polish(TspInstance tsp, int[] start, long budgetMs, long seed) {
        int[] best = start.clone();
        localSearch(tsp, best);
        long bestLen = tsp.tourLength(best);
        if (budgetMs <= 0 || tsp.n() < 8) {
            return best;
        }
        long deadline = System.nanoTime() + budgetMs * 1_000_000L;
        SplittableRandom rnd = new SplittableRandom(seed);
        while (System.nanoTime() < deadline) {
            int[] cand = doubleBridge(best, rnd);
            localSearch(tsp, cand);
            long len = tsp.tourLength(cand);
            if (len <= bestLen) {
                best = cand;
                bestLen = len;
            }
        }
        return best;
    }

    /** 2-opt + Or-opt until neither improves. */
    public static void localSearch(TspInstance tsp, int[] t) {
        boolean improved = true;
        while (improved) {
            improved = twoOpt(tsp, t);
            improved |= orOpt(tsp, t);
        }
    }

    static boolean twoOpt(TspInstance tsp, int[] t) {
        int n = t.length;
        boolean any = false;
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int i = 0; i < n - 2; i++) {
                int a = t[i];
                int b = t[i + 1];
                int dab = tsp.d(a, b);
                for (int j = i + 2; j < n; j++) {
                    int c = t[j];
                    int e = t[(j + 1) % n];
                    if (e == a) {
                        continue;
                    }
                    int delta = tsp.d(a, c) + tsp.d(b, e) - dab - tsp.d(c, e);
                    if (delta < 0) {
                        reverse(t, i + 1, j);
                        b = t[i + 1];
                        dab = tsp.d(a, b);
                        improved = true;
                        any = true;
                    }
                }
            }
        }
        return any;
    }

    private static void reverse(int[] t, int from, int to) {
        while (from < to) {
            int x = t[from];
            t[from++] = t[to];
            t[to--] = x;
        }
    }

    static boolean orOpt(TspInstance tsp, int[] t) {
        int n = t.length;
        boolean any = false;
        for (int len = 1; len <= 3 && len < n - 2; len++) {
            for (int s = 0; s < n; s++) {
                int prev = t[(s - 1 + n) % n];
                int first = t[s];
                int last = t[(s + len - 1) % n];
                int next = t[(s + len) % n];
                int gain = tsp.d(prev, first) + tsp.d(last, next) - tsp.d(prev, next);
                if (gain <= 0) {
                    continue;
                }
                // Try every edge (x, y) outside the segment, walking from 'next'.
                for (int k = 0; k < n - len - 1; k++) {
                    int xi = (s + len + k) % n;
                    int x = t[xi];
                    int y = t[(xi + 1) % n];
                    int dxy = tsp.d(x, y);
                    int fwd = tsp.d(x, first) + tsp.d(last, y) - dxy;
                    int rev = tsp.d(x, last) + tsp.d(first, y) - dxy;
                    if (Math.min(fwd, rev) < gain) {
                        move(t, s, len, k, rev < fwd);
                        any = true;
                        break;
                    }
                }
            }
        }
        return any;
    }

    /** Moves the segment at s (length len) to just after the k-th city following it. */
    private static void move(int[] t, int s, int len, int k, boolean reversed) {
        int n = t.length;
        int[] seg = new int[len];
        for (int i = 0; i < len; i++) {
            seg[i] = t[(s + i) % n];
        }
        int[] rest = new int[n - len];
        for (int i = 0; i < n - len; i++) {
            rest[i] = t[(s + len + i) % n];
        }
        int o = 0;
        for (int i = 0; i <= k; i++) {
            t[o++] = rest[i];
        }
        for (int i = 0; i < len; i++) {
            t[o++] = reversed ? seg[len - 1 - i] : seg[i];
        }
        for (int i = k + 1; i < rest.length; i++) {
            t[o++] = rest[i];
        }
    }

    static int[] doubleBridge(int[] t, SplittableRandom rnd) {
        int n = t.length;
        int a = 1 + rnd.nextInt(n - 3);
        int b = a + 1 + rnd.nextInt(n - a - 2);
        int c = b + 1 + rnd.nextInt(n - b - 1);
        int[] out = new int[n];
        int o = 0;
        for (int i = 0; i < a; i++) {
            out[o++] = t[i];
        }
        for (int i = c; i < n; i++) {
            out[o++] = t[i];
        }
        for (int i = b; i < c; i++) {
            out[o++] = t[i];
        }
        for (int i = a; i < b; i++) {
            out[o++] = t[i];
        }
        return out;
    }
}
