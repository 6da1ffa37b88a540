package io.neuroquantum.storage;

import io.neuroquantum.platform.arch.CoreBoundary;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void engineIsFreeOfSpring() {
        CoreBoundary.check("io.neuroquantum.storage");
    }
}
