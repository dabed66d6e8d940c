package io.lemonadeoutbox.lemonade.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * With {@code lemonade.event-store.read-snapshots} false (the default), loading a sale does not touch
 * {@code snapshot_event_entry}, and still gives the sale its whole history. The test holds an ACCESS EXCLUSIVE lock
 * on the snapshot table, which blocks any statement that reads it, while a new sale, the same sale again
 * (idempotent), its refund and a second refund each load the aggregate; each must be answered within a few seconds
 * and correctly.
 *
 * <p>Negative control (Axon's snapshot read back on):
 * {@code -Dlemonade.event-store.read-snapshots=true}: the first command waits on the lock and the test fails.
 */
class NoSnapshotReadIT extends PipelineTest {

    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(8);

    @Test
    void aSaleLoadsFromItsEventsWithoutReadingTheSnapshotTable() throws Exception {
        String sold = RealServers.uniqueName("nosnap");
        String soldUnderLock = RealServers.uniqueName("nosnap");
        assertThat(sell(sold, "Ada Lovelace", 2).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        try (Connection locker = DriverManager.getConnection(RealServers.INFRA.postgres().jdbcUrl(database()),
                RealServers.INFRA.postgres().username(), RealServers.INFRA.postgres().password());
             Statement statement = locker.createStatement()) {
            statement.execute("set transaction_timeout = 0");
            locker.setAutoCommit(false);
            statement.execute("lock table snapshot_event_entry in access exclusive mode");
            try {
                assertThat(within(() -> sell(soldUnderLock, "Grace Hopper", 1)).getStatusCode())
                        .as("a new sale").isEqualTo(HttpStatus.CREATED);
                assertThat(within(() -> sell(sold, "Ada Lovelace", 2)).getStatusCode())
                        .as("the same sale again, loaded and found recorded").isEqualTo(HttpStatus.OK);
                ResponseEntity<Map> refunded = within(() -> refund(sold, "Too sour"));
                assertThat(refunded.getStatusCode()).as("its refund").isEqualTo(HttpStatus.OK);
                assertThat(refunded.getBody()).containsEntry("refunded", true).containsEntry("cups", 2)
                        .containsEntry("customerName", "Ada Lovelace");
                assertThat(within(() -> refund(sold, "Again")).getStatusCode())
                        .as("a second refund, refused because the first was loaded").isEqualTo(HttpStatus.CONFLICT);
            } finally {
                locker.rollback();
            }
        }
        assertThat(eventStore.ofAggregate(sold)).extracting(StoredEvent::sequenceNumber).containsExactly(0L, 1L);
        assertThat(eventStore.ofAggregate(soldUnderLock)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from snapshot_event_entry").query(Long.class).single()).isZero();
    }

    private String database() {
        return jdbc.sql("select current_database()").query(String.class).single();
    }

    private static ResponseEntity<Map> within(Supplier<ResponseEntity<Map>> command) throws Exception {
        CompletableFuture<ResponseEntity<Map>> answer = CompletableFuture.supplyAsync(command);
        try {
            return answer.get(ANSWERED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException waiting) {
            throw new AssertionError("no answer within " + ANSWERED_WITHIN + " while snapshot_event_entry was locked: "
                    + "the command reads the snapshot table", waiting);
        }
    }
}
