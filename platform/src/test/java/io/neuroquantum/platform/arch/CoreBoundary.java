package io.neuroquantum.platform.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundary every module keeps: core packages (the engine, planner, solvers, backup
 * logic, key handling) are plain Java. Only {@code ..config..}, {@code ..web..} and the
 * {@code *Application} entry point may use Spring. Each module runs this in its own
 * {@code ArchitectureTest} (shipped in platform's test-jar).
 */
public final class CoreBoundary {

    private CoreBoundary() {
    }

    public static ArchRule coreIsFreeOfSpring() {
        return noClasses()
                .that().resideOutsideOfPackages("..config..", "..web..")
                .and().haveSimpleNameNotEndingWith("Application")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("core code must run embedded and in benchmarks without a Spring context")
                // A module whose core is still empty passes; ArchitectureTest#ruleCatchesSpringInCore
                // shows the rule fails as soon as a core class uses Spring.
                .allowEmptyShould(true);
    }

    public static JavaClasses mainClassesOf(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
    }

    /** Checks the rule for the module whose main classes live under {@code basePackage}. */
    public static void check(String basePackage) {
        JavaClasses classes = mainClassesOf(basePackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no classes found under " + basePackage + ": the boundary test checks nothing");
        }
        coreIsFreeOfSpring().check(classes);
    }
}
