package io.lemonadeoutbox.thankyou;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layout README's "Layout" section describes, checked on thankyou-service's main code. */
class ArchitectureTest {

    private static final String SERVICE = "io.lemonadeoutbox.thankyou";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SERVICE);

    /** Every package its own slice: a cycle means two packages are one job split in two. */
    @Test
    void noPackageCycles() {
        slices().matching(SERVICE + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    /** The card is what the inbox writes and the pipeline counts; it knows neither. */
    @Test
    void cardKnowsNoWriter() {
        noClasses().that().resideInAPackage(SERVICE + ".card..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICE + ".inbox..", SERVICE + ".pipeline..")
                .check(MAIN);
    }

    /** The two services share only the wire contract (contract/) and api-conventions: no lemonade-app class. */
    @Test
    void notTheOtherService() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.lemonadeoutbox.lemonade..").check(MAIN);
    }

    /** Test libraries and local-infra (embedded servers) are test scope; main code must run without them. */
    @Test
    void noTestCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.lemonadeoutbox.infra..", "org.junit..",
                "org.assertj..", "org.mockito..", "org.awaitility..", "net.jqwik..", "org.springframework.test..",
                "org.springframework.boot.test..").check(MAIN);
    }
}
