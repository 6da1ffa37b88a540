package io.neuroquantum.backup;

import io.neuroquantum.platform.arch.CoreBoundary;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void coreIsFreeOfSpring() {
        CoreBoundary.check("io.neuroquantum.backup");
    }
}
