package io.neuroquantum.platform.arch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void platformCoreIsFreeOfSpring() {
        CoreBoundary.check("io.neuroquantum.platform");
    }

    /** The rule must be able to fail: a core class that imports Spring is caught. */
    @Test
    void ruleCatchesSpringInCore() {
        var classes = new ClassFileImporter().importClasses(SpringLeak.class);
        assertThatThrownBy(() -> CoreBoundary.coreIsFreeOfSpring().check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SpringLeak");
    }

    static final class SpringLeak {
        org.springframework.util.StringUtils utils;
    }
}
