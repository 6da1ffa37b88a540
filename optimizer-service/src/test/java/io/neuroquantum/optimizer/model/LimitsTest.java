package io.neuroquantum.optimizer.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.optimizer.encode.ColoringEncoding;
import io.neuroquantum.optimizer.encode.TspEncoding;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void encodingsCheckTheirSizeBeforeAllocating() {
        Limits small = new Limits(1000, 10_000, 100, 16, 1000);
        Graph g = new Graph(600, new int[] {0}, new int[] {1}, new double[] {1});
        assertThatThrownBy(() -> new ColoringEncoding(g, 5, small)).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> new ColoringEncoding(g, 17, small)).hasMessageContaining("colours");
        assertThatThrownBy(() -> new ColoringEncoding(g, 0, small)).hasMessageContaining("at least 1");
        double[] x = new double[60];
        TspInstance t = TspInstance.euclidean("t", x, x);
        assertThatThrownBy(() -> new TspEncoding(t, 1, -1, 0, small)).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> new TspEncoding(t, Double.NaN, -1, 0, Limits.DEFAULT)).hasMessageContaining("penalty");
    }
}
