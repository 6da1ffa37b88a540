package io.neuroquantum.optimizer.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.optimizer.BruteForce;
import io.neuroquantum.optimizer.SharedData;
import io.neuroquantum.optimizer.io.DimacsParser;
import io.neuroquantum.optimizer.io.TsplibParser;
import io.neuroquantum.optimizer.model.Graph;
import io.neuroquantum.optimizer.model.Limits;
import io.neuroquantum.optimizer.model.QuboModel;
import io.neuroquantum.optimizer.model.TspInstance;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EncodingsTest {

    static Graph randomGraph(Random r, int n, double p, boolean signed) {
        java.util.List<int[]> e = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (r.nextDouble() < p) {
                    e.add(new int[] {i, j});
                }
            }
        }
        int[] u = new int[e.size()];
        int[] v = new int[e.size()];
        double[] w = new double[e.size()];
        for (int k = 0; k < u.length; k++) {
            u[k] = e.get(k)[0];
            v[k] = e.get(k)[1];
            w[k] = signed ? (r.nextBoolean() ? 1 : -1) : 1 + r.nextInt(5);
        }
        return new Graph(n, u, v, w);
    }

    @Property(tries = 100)
    void maxCutEnergyAndCutAgree(@ForAll long seed, @ForAll @IntRange(min = 2, max = 20) int n) {
        Random r = new Random(seed);
        MaxCutEncoding enc = new MaxCutEncoding(randomGraph(r, n, 0.5, true));
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextBoolean() ? 1 : -1;
        }
        assertThat(enc.cutFromEnergy(enc.ising().energy(s))).isCloseTo(enc.cut(s), within(1e-9));
        assertThat(enc.decode(s).objective()).isCloseTo(enc.cut(s), within(1e-9));
    }

    @Property(tries = 50)
    void tspEnergyIsTourLengthForEveryPermutation(@ForAll long seed, @ForAll @IntRange(min = 3, max = 7) int n) {
        Random r = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(100);
            y[i] = r.nextInt(100);
        }
        TspInstance t = TspInstance.euclidean("r", x, y);
        TspEncoding enc = new TspEncoding(t, 1.0, -1, 0, Limits.DEFAULT);
        int[] tour = new int[n];
        for (int i = 0; i < n; i++) {
            tour[i] = i;
        }
        for (int i = n - 1; i > 1; i--) {
            int j = 1 + r.nextInt(i);
            int tmp = tour[i];
            tour[i] = tour[j];
            tour[j] = tmp;
        }
        int m = n - 1;
        int[] s = new int[m * m];
        java.util.Arrays.fill(s, -1);
        for (int p = 1; p < n; p++) {
            s[(tour[p] - 1) * m + (p - 1)] = 1;
        }
        assertThat(enc.ising().energy(s)).isCloseTo(t.tourLength(tour), within(1e-6));
        Decoded d = enc.decode(s);
        assertThat(d.valid()).isTrue();
        assertThat(d.details()).containsEntry("rawPermutation", true);
        assertThat(d.objective()).isEqualTo(t.tourLength(tour));
    }

    @Test
    void tspGroundStateIsTheOptimalTour() {
        double[] x = {0, 10, 10, 0, 5};
        double[] y = {0, 0, 10, 10, 14};
        TspInstance t = TspInstance.euclidean("house", x, y);
        TspEncoding enc = new TspEncoding(t, 1.0, -1, 0, Limits.DEFAULT);
        // brute force over permutations
        long best = Long.MAX_VALUE;
        int[][] perms = {{0, 1, 2, 4, 3}, {0, 1, 2, 3, 4}, {0, 1, 3, 2, 4}, {0, 2, 1, 4, 3}, {0, 1, 4, 2, 3}, {0, 2, 1, 3, 4},
                {0, 1, 3, 4, 2}, {0, 1, 4, 3, 2}, {0, 2, 3, 1, 4}, {0, 3, 1, 2, 4}, {0, 2, 4, 1, 3}, {0, 3, 2, 1, 4}};
        for (int[] p : perms) {
            best = Math.min(best, t.tourLength(p));
        }
        assertThat(BruteForce.minimum(enc.ising())).isCloseTo(best, within(1e-6));
    }

    @Test
    void tspRecommendsAShortTabuTenure() {
        double[] x = new double[16];
        double[] y = new double[16];
        for (int i = 0; i < 16; i++) {
            x[i] = Math.cos(i);
            y[i] = Math.sin(3 * i);
        }
        TspEncoding enc = new TspEncoding(TspInstance.euclidean("r16", x, y), 1.0, -1, 0, Limits.DEFAULT);
        assertThat(enc.solverDefaults("tabu")).containsEntry("tenure", 5).containsEntry("perturbation", 10);
        assertThat(enc.solverDefaults("sa")).isEmpty();
    }

    @Test
    void tspDecoderRepairsBrokenAssignments() {
        TspInstance t = TspInstance.euclidean("sq", new double[] {0, 1, 1, 0}, new double[] {0, 0, 1, 1});
        TspEncoding enc = new TspEncoding(t, 1.0, 0, 0, Limits.DEFAULT);
        int[] s = new int[9];
        java.util.Arrays.fill(s, -1);
        s[0] = 1; // city 1 at position 1 only; others missing
        s[1] = 1; // and city 1 at position 2 as well
        Decoded d = enc.decode(s);
        assertThat(d.valid()).isTrue();
        assertThat(d.details()).containsEntry("rawPermutation", false);
        assertThat(d.objective()).isEqualTo(4.0);
    }

    @Test
    void coloringGroundStatesAreProperColourings() {
        Random r = new Random(7);
        Graph g = randomGraph(r, 6, 0.5, false);
        ColoringEncoding enc = new ColoringEncoding(g, 3, Limits.DEFAULT);
        double min = BruteForce.minimum(enc.ising());
        boolean colourable = min < 1e-9;
        // 3-colourability by enumeration of colourings
        boolean found = false;
        int[] c = new int[6];
        for (int code = 0; code < 729 && !found; code++) {
            int x = code;
            for (int v = 0; v < 6; v++) {
                c[v] = x % 3;
                x /= 3;
            }
            found = enc.conflicts(c) == 0;
        }
        assertThat(colourable).isEqualTo(found);
    }

    @Test
    void coloringDecoderRepairsAndReports() {
        Graph triangle = new Graph(3, new int[] {0, 1, 0}, new int[] {1, 2, 2}, new double[] {1, 1, 1});
        ColoringEncoding enc = new ColoringEncoding(triangle, 3, Limits.DEFAULT);
        int[] s = new int[9];
        java.util.Arrays.fill(s, -1);
        s[0] = 1; // v0 colour 0
        s[3] = 1; // v1 colour 0 (conflict)
        // v2 uncoloured
        Decoded d = enc.decode(s);
        assertThat(d.details()).containsEntry("rawConflicts", 1).containsEntry("rawUncoloured", 1).containsEntry("conflictsAfterRepair", 0);
        assertThat(d.valid()).isTrue();
        assertThat(d.objective()).isEqualTo(3.0);
        ColoringEncoding two = new ColoringEncoding(triangle, 2, Limits.DEFAULT);
        int[] t = new int[6];
        java.util.Arrays.fill(t, 1);
        Decoded bad = two.decode(t);
        assertThat(bad.valid()).isFalse();
        assertThat((int) bad.details().get("conflictsAfterRepair")).isPositive();
    }

    @Test
    void dsaturBoundsOnDataSet() {
        Graph g = DimacsParser.parse(SharedData.read("coloring/myciel5.col"), Limits.DEFAULT);
        assertThat(ColoringEncoding.dsaturColours(g)).isGreaterThanOrEqualTo(6);
    }

    @Property(tries = 50)
    void numberPartitioningEnergyIsSquaredDifference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 15) int n) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 1 + r.nextInt(50);
        }
        NumberPartitioningEncoding enc = new NumberPartitioningEncoding(a);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextBoolean() ? 1 : -1;
        }
        double diff = enc.decode(s).objective();
        assertThat(enc.ising().energy(s)).isCloseTo(diff * diff, within(1e-6));
    }

    @Test
    void quboDecodeGivesBitsAndEnergy() {
        QuboModel q = new QuboModel(2, new double[] {-1, -1}, new io.neuroquantum.optimizer.model.CouplingBuilder(2).add(0, 1, 3).build(), 0);
        QuboEncoding enc = new QuboEncoding(q);
        Decoded d = enc.decode(new int[] {1, -1});
        assertThat((int[]) d.solution()).containsExactly(1, 0);
        assertThat(d.objective()).isEqualTo(-1.0);
        assertThat(BruteForce.minimum(enc.ising())).isEqualTo(-1.0);
    }

    @Test
    void polishFindsBurma14OptimumFromAnyTour() {
        TspInstance t = TsplibParser.parse(SharedData.read("tsp/burma14.tsp"), Limits.DEFAULT);
        int[] tour = new int[14];
        for (int i = 0; i < 14; i++) {
            tour[i] = i;
        }
        int[] local = TourPolish.polish(t, tour, 0, 1);
        assertThat(t.isPermutation(local)).isTrue();
        assertThat(t.tourLength(local)).isLessThanOrEqualTo(t.tourLength(tour));
    }
}
