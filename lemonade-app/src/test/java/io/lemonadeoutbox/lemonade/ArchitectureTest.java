package io.lemonadeoutbox.lemonade;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The layout README's "Layout" section describes, checked on lemonade-app's main code. */
class ArchitectureTest {

    private static final String APP = "io.lemonadeoutbox.lemonade";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(APP);

    /** Every package its own slice, sub-packages included: a cycle means two packages are one job split in two. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(APP + ".(**)").should().beFreeOfCycles();

    /** The domain (aggregate, commands, events) knows nothing of how its events are stored, published or shown. */
    static final ArchRule SALE_IS_THE_DOMAIN = noClasses().that().resideInAPackage(APP + ".sale..")
            .should().dependOnClassesThat().resideInAnyPackage(APP + ".eventstore..", APP + ".publishing..",
                    APP + ".console..", APP + ".problem..", APP + ".tracing..");

    /** The event store is the outbox: publishing and monitoring read it, it knows neither them nor what it stores. */
    static final ArchRule EVENT_STORE_KNOWS_NO_READER = noClasses().that().resideInAPackage(APP + ".eventstore..")
            .should().dependOnClassesThat().resideInAnyPackage(APP + ".sale..", APP + ".publishing..",
                    APP + ".console..", APP + ".problem..", APP + ".tracing..");

    /** The relay publishes without its monitoring and republishing, which read it: they can change, it stays. */
    static final ArchRule RELAY_KNOWS_NO_OBSERVER = noClasses().that().resideInAPackage(APP + ".publishing")
            .should().dependOnClassesThat().resideInAnyPackage(APP + ".publishing.monitoring..",
                    APP + ".publishing.republish..");

    /** The two services share only the wire contract (contract/) and api-conventions. */
    static final ArchRule NOT_THE_OTHER_SERVICE = noClasses().should().dependOnClassesThat()
            .resideInAPackage("io.lemonadeoutbox.thankyou..");

    /** Test libraries and local-infra (embedded servers) are test scope; main code must run without them. */
    static final ArchRule NO_TEST_CODE = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.lemonadeoutbox.infra..", "org.junit..", "org.assertj..", "org.mockito..", "org.awaitility..",
            "org.axonframework.test..", "org.springframework.test..", "org.springframework.boot.test..");

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void saleIsTheDomain() {
        SALE_IS_THE_DOMAIN.check(MAIN);
    }

    @Test
    void eventStoreKnowsNoReader() {
        EVENT_STORE_KNOWS_NO_READER.check(MAIN);
    }

    @Test
    void relayKnowsNoObserver() {
        RELAY_KNOWS_NO_OBSERVER.check(MAIN);
    }

    @Test
    void notTheOtherService() {
        NOT_THE_OTHER_SERVICE.check(MAIN);
    }

    @Test
    void noTestCode() {
        NO_TEST_CODE.check(MAIN);
    }

    /** Negative control: two test packages that import each other ({@code architecture.cycle}) are a violation. */
    @Test
    void theCycleRuleSeesACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages(APP + ".architecture.cycle");
        assertThat(cyclic).hasSize(2);
        assertThat(NO_PACKAGE_CYCLES.evaluate(cyclic).hasViolation()).isTrue();
    }
}
