package io.neuroquantum.optimizer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ModelConversionPropertiesTest {

    static QuboModel randomQubo(Random r, int n, double density) {
        CouplingBuilder b = new CouplingBuilder(n);
        double[] lin = new double[n];
        for (int i = 0; i < n; i++) {
            lin[i] = r.nextInt(21) - 10 + (r.nextBoolean() ? 0.5 : 0);
            for (int j = i + 1; j < n; j++) {
                if (r.nextDouble() < density) {
                    b.add(i, j, r.nextInt(41) - 20 + r.nextDouble());
                }
            }
        }
        return new QuboModel(n, lin, b.build(), r.nextInt(100) - 50);
    }

    static int[] randomBits(Random r, int n) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(2);
        }
        return x;
    }

    @Property(tries = 200)
    void quboToIsingKeepsEveryEnergy(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int n) {
        Random r = new Random(seed);
        QuboModel q = randomQubo(r, n, 0.4);
        IsingModel ising = q.toIsing();
        for (int t = 0; t < 10; t++) {
            int[] x = randomBits(r, n);
            assertThat(ising.energy(QuboModel.bitsToSpins(x))).isCloseTo(q.energy(x), within(1e-7 * (1 + Math.abs(q.energy(x)))));
        }
    }

    @Property(tries = 200)
    void isingToQuboAndBackIsExact(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int n) {
        Random r = new Random(seed);
        IsingModel ising = randomQubo(r, n, 0.5).toIsing();
        QuboModel q = ising.toQubo();
        IsingModel back = q.toIsing();
        for (int t = 0; t < 10; t++) {
            int[] x = randomBits(r, n);
            int[] s = QuboModel.bitsToSpins(x);
            double e = ising.energy(s);
            assertThat(q.energy(x)).isCloseTo(e, within(1e-7 * (1 + Math.abs(e))));
            assertThat(back.energy(s)).isCloseTo(e, within(1e-7 * (1 + Math.abs(e))));
        }
        for (int i = 0; i < n; i++) {
            assertThat(back.h()[i]).isCloseTo(ising.h()[i], within(1e-9));
        }
    }
}
