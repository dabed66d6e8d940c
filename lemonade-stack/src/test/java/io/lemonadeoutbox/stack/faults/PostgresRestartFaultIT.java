package io.lemonadeoutbox.stack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.Shop.Answer;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.SalesLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL really stops and starts again (same port, data kept) while sales are being POSTed. Every POST either
 * succeeds or answers 503 with a problem-details body naming the sale id to retry with. A failed POST may or may not
 * have recorded its sale (a commit can land while its answer is lost); retrying it with the same saleId converges:
 * 201 if it was not recorded, 200 if it was, and in the end exactly one sale event and one card per sale id. Both
 * services recover by themselves and nothing is lost.
 * <p>
 * The shared PostgreSQL serves every stack in this JVM; the test classes run one after the other.
 */
@ExtendWith(LemonadeStackExtension.class)
class PostgresRestartFaultIT {

    @Test
    void everySaleInFlightFailsCleanlyOrSucceedsWholeAndNothingIsLostAfterARestart(RunningStack stack)
            throws Exception {
        Shop shop = stack.shop();
        StackDatabases data = new StackDatabases(stack);
        Postgres postgres = stack.infrastructure().postgres();
        String run = "pg-" + UUID.randomUUID().toString().substring(0, 8);

        List<Answer> answers;
        Instant stopped;
        Instant restarted;
        try (var load = new SalesLoad<>(shop::trySell, Answer::created).concurrent(run, 4, 600).start()) {
            await("sales flowing before the fault").atMost(Duration.ofSeconds(60)).until(() -> load.created() >= 20);

            stopped = Instant.now();
            postgres.stop();
            try {
                // a POST in flight when the server went away, or one that waited for a connection in vain
                await("a POST that failed while PostgreSQL was down")
                        .atMost(Shop.REQUEST_TIMEOUT.plusSeconds(30))
                        .until(() -> load.failed() >= 1);
            } finally {
                postgres.start();
                restarted = Instant.now();
            }
            long createdBeforeRecovery = load.created();
            await("lemonade-app taking sales again without a restart (Hikari reconnects)")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> load.created() >= createdBeforeRecovery + 20);
            answers = load.stop(Shop.REQUEST_TIMEOUT);
        }
        System.out.printf("PostgreSQL was down %d ms; %d POSTs: %d created, %d failed%n",
                Duration.between(stopped, restarted).toMillis(), answers.size(),
                answers.stream().filter(Answer::created).count(), answers.stream().filter(a -> !a.created()).count());

        List<Answer> failures = answers.stream().filter(answer -> !answer.created()).toList();
        assertThat(failures).as("POSTs that failed during the outage").isNotEmpty();
        failures.forEach(failure -> System.out.println("failed POST " + failure.saleId() + ": " + failure.status()
                + " " + failure.body()));
        failures.forEach(PostgresRestartFaultIT::assertCleanProblem);

        assertThat(stack.lemonadeApp().isAlive()).isTrue();
        assertThat(stack.thankyouService().isAlive()).isTrue();
        await("both services healthy again").atMost(Duration.ofSeconds(60))
                .until(() -> stack.lemonadeApp().isUp() && stack.thankyouService().isUp());

        // What the 503 tells the client to do: the same POST again, with the same saleId.
        List<String> recordedDespiteError = new ArrayList<>();
        for (Answer failure : failures) {
            Answer retry = shop.trySell(failure.saleId());
            assertThat(retry.status()).as("retry of failed POST " + failure.saleId() + ": " + retry.body())
                    .isIn(200, 201);
            if (retry.ok()) {
                // the commit reached PostgreSQL but its answer never reached lemonade-app
                recordedDespiteError.add(failure.saleId());
            }
        }
        System.out.println("failed POSTs whose sale was recorded all the same (their retry answered 200): "
                + recordedDespiteError);

        // Nothing lost: the publisher leaves its error mode, thankyou-service's listener retried its own outage.
        data.awaitCleanAudit(Duration.ofSeconds(120));

        Map<String, List<String>> events = data.eventTypesBySale();
        Map<String, Integer> cards = data.cardsBySale();
        for (Answer answer : answers) {
            String saleId = answer.saleId();
            assertThat(events.get(saleId)).as("events of sale " + saleId + " (first answer " + answer.status() + ")")
                    .containsExactly(SaleRecords.LEMONADE_SOLD);
            assertThat(cards.get(saleId)).as("cards of sale " + saleId + " (first answer " + answer.status() + ")")
                    .isEqualTo(1);
        }
    }

    /** A 503 (an outage, not a defect) with an RFC 9457 body naming the sale id to retry with, and no stack trace. */
    /**
     * Both services started while PostgreSQL is down wait for it (Flyway's connection retries) rather than exit, and
     * work once it is back: seen in the fault campaign (seed 11), where a thankyou-service restarted during a
     * PostgreSQL restart exited with code 1.
     */
    @Test
    void bothServicesStartedWhilePostgresIsDownWaitForItAndThenWork(RunningStack stack) throws Exception {
        Postgres postgres = stack.infrastructure().postgres();
        List<ServiceProcess> services = List.of(stack.lemonadeApp(), stack.thankyouService());
        services.forEach(ServiceProcess::kill);
        postgres.stop();
        try {
            services.forEach(ServiceProcess::restart);
            Thread.sleep(Duration.ofSeconds(15).toMillis());
            assertThat(services).as("still waiting for the database, 15 s after starting").allMatch(ServiceProcess::isAlive);
        } finally {
            postgres.start();
        }
        services.forEach(service -> service.awaitHealthy(Duration.ofSeconds(120)));
        String saleId = "pg-start-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(stack.shop().trySell(saleId).created()).isTrue();
        await("a card for a sale after both started").atMost(Duration.ofSeconds(60))
                .until(() -> stack.shop().card(saleId).isPresent());
    }

    private static void assertCleanProblem(Answer failure) {
        assertThat(failure.noAnswer()).as("POST %s got no HTTP answer at all", failure.saleId()).isNull();
        assertThat(failure.status()).as("status of failed POST " + failure.saleId() + ": " + failure.body())
                .isEqualTo(503);
        assertThat(failure.contentType()).as(failure.body()).startsWith("application/problem+json");
        JsonNode problem = Shop.readJson(failure.body());
        assertThat(problem.path("status").asInt()).as(failure.body()).isEqualTo(failure.status());
        assertThat(problem.path("type").asText()).as(failure.body())
                .isEqualTo("urn:lemonade-outbox:problem:service-unavailable");
        assertThat(problem.path("saleId").asText()).as(failure.body()).isEqualTo(failure.saleId());
        assertThat(problem.path("title").asText()).as(failure.body()).isNotBlank();
        assertThat(problem.has("trace")).as(failure.body()).isFalse();
        assertThat(failure.body()).as("no stack trace or exception in " + failure.body())
                .doesNotContain("\tat ", "Exception", "org.postgresql", "SQLState");
    }
}
