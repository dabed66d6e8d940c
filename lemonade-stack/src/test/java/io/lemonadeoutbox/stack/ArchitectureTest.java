package io.lemonadeoutbox.stack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The layout README's "Layout" section describes, checked on lemonade-stack's main code. */
class ArchitectureTest {

    private static final String STACK = "io.lemonadeoutbox.stack";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(STACK);

    /**
     * Every package its own slice, the stack's own ({@code io.lemonadeoutbox.stack}) and each sub-package alike: a
     * cycle means two packages are one job split in two.
     */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.lemonadeoutbox.(**)").should().beFreeOfCycles();

    /** The jar's entry names every command; nothing else knows it, so a command never depends on its siblings. */
    static final ArchRule THE_COMMAND_LINE_IS_ON_TOP = noClasses().that().resideOutsideOfPackage(STACK + ".cli..")
            .should().dependOnClassesThat().resideInAPackage(STACK + ".cli..");

    /** The audit reads the two databases and nothing of the stack, the campaign or the command line that run it. */
    static final ArchRule THE_AUDIT_STANDS_ALONE = noClasses().that().resideInAPackage(STACK + ".audit..")
            .should().dependOnClassesThat().resideInAnyPackage(STACK, STACK + ".campaign..", STACK + ".cli..");

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void theCommandLineIsOnTop() {
        THE_COMMAND_LINE_IS_ON_TOP.check(MAIN);
    }

    @Test
    void theAuditStandsAlone() {
        THE_AUDIT_STANDS_ALONE.check(MAIN);
    }

    /**
     * Negative control: a package and its sub-package that use each other ({@code architecture.cycle}), one of them
     * only through a picocli annotation, as the jar's entry and the audit once did, are a violation.
     */
    @Test
    void theCycleRuleSeesACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages(STACK + ".architecture.cycle");
        assertThat(cyclic).hasSize(2);
        assertThat(NO_PACKAGE_CYCLES.evaluate(cyclic).hasViolation()).isTrue();
    }
}
