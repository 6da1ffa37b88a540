package io.neuroquantum.optimizer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void builderMergesDuplicatesAndDropsZeros() {
        SparseCouplings c = new CouplingBuilder(4).add(0, 1, 2).add(1, 0, 3).add(2, 3, 1).add(3, 2, -1).add(0, 3, 4).build();
        assertThat(c.pairCount()).isEqualTo(2);
        assertThat(c.get(0, 1)).isEqualTo(5);
        assertThat(c.get(1, 0)).isEqualTo(5);
        assertThat(c.get(2, 3)).isZero();
        assertThat(c.get(3, 0)).isEqualTo(4);
        assertThat(c.degree(0)).isEqualTo(2);
    }

    @Test
    void energyMatchesDefinitionOnEveryState() {
        // E = 1 + 0.5 s0 - s2 + 2 s0 s1 - 3 s1 s2
        IsingModel m = new IsingModel(3, new double[] {0.5, 0, -1}, new CouplingBuilder(3).add(0, 1, 2).add(1, 2, -3).build(), 1);
        for (int mask = 0; mask < 8; mask++) {
            int[] s = {(mask & 1) == 0 ? -1 : 1, (mask & 2) == 0 ? -1 : 1, (mask & 4) == 0 ? -1 : 1};
            double expected = 1 + 0.5 * s[0] - s[2] + 2 * s[0] * s[1] - 3 * s[1] * s[2];
            assertThat(m.energy(s)).isEqualTo(expected);
        }
    }

    @Test
    void badTermsAreRejected() {
        assertThatThrownBy(() -> new CouplingBuilder(2).add(0, 0, 1)).isInstanceOf(InvalidModelException.class).hasMessageContaining("diagonal");
        assertThatThrownBy(() -> new CouplingBuilder(2).add(0, 2, 1)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new CouplingBuilder(2).add(0, 1, Double.NaN)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> new CouplingBuilder(-1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new IsingModel(1, new double[] {Double.POSITIVE_INFINITY}, SparseCouplings.empty(1), 0))
                .hasMessageContaining("non-finite");
        org.assertj.core.api.Assertions.assertThatCode(() -> new CouplingBuilder(3, 16).add(0, 1, 1).add(0, 2, 1).add(1, 2, 1)).doesNotThrowAnyException();
    }

    @Test
    void termLimitIsEnforced() {
        CouplingBuilder b = new CouplingBuilder(100, 16);
        assertThatThrownBy(() -> {
            for (int j = 1; j < 100; j++) {
                b.add(0, j, 1);
            }
        }).isInstanceOf(InvalidModelException.class).hasMessageContaining("more than 16");
    }
}
