package io.lemonadeoutbox.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * What api-conventions may hold, checked on its main code. That it depends on neither service needs no rule here:
 * both services depend on this module, so Maven refuses the reverse dependency as a cycle in the reactor.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lemonadeoutbox.api");

    /** Every package its own slice: a cycle means two packages are one job split in two. */
    @Test
    void noPackageCycles() {
        slices().matching("io.lemonadeoutbox.(**)").should().beFreeOfCycles().check(MAIN);
    }

    /** Shared between the services are HTTP conventions only: no commands, events, entities or Kafka records. */
    @Test
    void onlyHttpConventions() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "org.apache.kafka..",
                "org.springframework.kafka..", "jakarta.persistence..", "org.springframework.jdbc..").check(MAIN);
    }
}
