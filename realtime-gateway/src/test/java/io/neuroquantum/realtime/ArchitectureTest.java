package io.neuroquantum.realtime;

import io.neuroquantum.platform.arch.CoreBoundary;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void coreIsFreeOfSpring() {
        CoreBoundary.check("io.neuroquantum.realtime");
    }
}
