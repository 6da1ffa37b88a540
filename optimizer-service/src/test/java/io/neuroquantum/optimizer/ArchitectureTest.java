package io.neuroquantum.optimizer;

import io.neuroquantum.platform.arch.CoreBoundary;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void coreIsFreeOfSpring() {
        CoreBoundary.check("io.neuroquantum.optimizer");
    }
}
