package io.lemonadeoutbox.lemonade.sale;

import static io.lemonadeoutbox.testkit.TopicReader.keysOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** G2: a command that is rejected or rolled back leaves no event, so nothing is published and no card is sent. */
class RejectedCommandsIT extends PipelineTest {

    @AfterEach
    void dropSabotage() {
        jdbc.sql("drop trigger if exists doom on domain_event_entry").update();
    }

    @Test
    void rejectedCommandsAppendNothingAndPublishNothing() {
        String sold = RealServers.uniqueName("kept");
        String neverSold = RealServers.uniqueName("never");
        assertThat(sell(sold, "Ada Lovelace", 2).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(refund(sold, "Too sour").getStatusCode()).isEqualTo(HttpStatus.OK);
        long events = eventsInStore();

        assertProblem(sell(neverSold, "Ada Lovelace", 0), HttpStatus.UNPROCESSABLE_ENTITY);
        assertProblem(sell(neverSold, "Ada Lovelace", 21), HttpStatus.UNPROCESSABLE_ENTITY);
        assertProblem(http.postForEntity("/api/sales", Map.of("saleId", neverSold, "customerName", "Ada",
                "customerEmail", "not-an-email", "cups", 1), Map.class), HttpStatus.UNPROCESSABLE_ENTITY);
        assertProblem(sell(sold, "Ada Lovelace", 3), HttpStatus.CONFLICT);
        assertProblem(refund(sold, "Still sour"), HttpStatus.CONFLICT);
        assertProblem(refund(neverSold, "Too sour"), HttpStatus.NOT_FOUND);
        assertThat(sell(sold, "Ada Lovelace", 2).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(eventsInStore()).isEqualTo(events);
        assertThat(eventStore.ofAggregate(neverSold)).isEmpty();
        String marker = RealServers.uniqueName("marker");
        sell(marker, "Grace Hopper", 1);
        topic.readUntilKeys(List.of(marker), Duration.ofSeconds(60));
        var records = topic.readToEnd();
        assertThat(keysOf(records)).doesNotContain(neverSold);
        assertThat(records.stream().filter(r -> r.key().equals(sold))).hasSize(2);
    }

    @Test
    void aTransactionRolledBackByTheDatabaseLeavesNoEventAndPublishesNothing() {
        jdbc.sql("""
                create or replace function refuse_doomed() returns trigger language plpgsql as $$
                begin
                  if new.aggregate_identifier like 'doomed%' then
                    raise exception 'sabotaged by the test';
                  end if;
                  return new;
                end $$""").update();
        jdbc.sql("create trigger doom before insert on domain_event_entry for each row execute function refuse_doomed()")
                .update();
        String doomed = RealServers.uniqueName("doomed");

        ResponseEntity<Map> answer = sell(doomed, "Ada Lovelace", 1);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().toString()).doesNotContain("Exception", "at io.", "sabotaged");
        assertThat(eventStore.ofAggregate(doomed)).isEmpty();
        String marker = RealServers.uniqueName("marker");
        sell(marker, "Grace Hopper", 1);
        topic.readUntilKeys(List.of(marker), Duration.ofSeconds(60));
        assertThat(keysOf(topic.readToEnd())).doesNotContain(doomed);
    }

    private static void assertProblem(ResponseEntity<Map> answer, HttpStatus status) {
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).containsEntry("status", status.value());
    }
}
