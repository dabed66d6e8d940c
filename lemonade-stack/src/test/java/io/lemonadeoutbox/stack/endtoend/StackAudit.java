package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.audit.Audit;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.stack.audit.AuditSources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** The audit on a running stack's databases, plus the few direct reads the fault tests sample. */
final class StackAudit {

    private final AuditSources sources;

    StackAudit(RunningStack stack) {
        Postgres postgres = stack.infrastructure().postgres();
        sources = new AuditSources(stack.lemonadeJdbcUrl(), stack.thankyouJdbcUrl(), postgres.username(),
                postgres.password());
    }

    AuditSources sources() {
        return sources;
    }

    AuditReport run() {
        return Audit.run(sources);
    }

    /**
     * Runs the audit until it is clean with {@code expectedSales} sales (the pipeline drains asynchronously) and
     * fails with the last report if it does not settle in time.
     */
    AuditReport awaitClean(int expectedSales, Duration atMost) {
        AtomicReference<AuditReport> last = new AtomicReference<>();
        try {
            await("a clean audit with " + expectedSales + " sales").atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        AuditReport report = run();
                        last.set(report);
                        return report.clean() && report.sales() == expectedSales;
                    });
        } catch (ConditionTimeoutException e) {
            // the last report says what stayed wrong
        }
        AuditReport report = last.get();
        System.out.print(report.describe());
        assertThat(report.clean()).as(report.describe()).isTrue();
        assertThat(report.sales()).as(report.describe()).isEqualTo(expectedSales);
        assertThat(report.cards()).as(report.describe()).isEqualTo(expectedSales);
        return report;
    }

    long cardCount() {
        return longQuery(sources.thankyouJdbcUrl(), "select count(*) from card");
    }

    long inboxCount() {
        return longQuery(sources.thankyouJdbcUrl(), "select count(*) from inbox");
    }

    long eventCount() {
        return longQuery(sources.lemonadeJdbcUrl(), "select count(*) from domain_event_entry");
    }

    long soldCount() {
        return longQuery(sources.lemonadeJdbcUrl(),
                "select count(*) from domain_event_entry where payload_type like '%.LemonadeSold'");
    }

    long eventsUpTo(long globalIndex) {
        return longQuery(sources.lemonadeJdbcUrl(),
                "select count(*) from domain_event_entry where global_index <= " + globalIndex);
    }

    /** The committed publishing token's lowest index over its segments, -1 before the first commit. */
    long tokenIndex() {
        return run().publishedUpTo();
    }

    void execute(String jdbcUrl, String sql) {
        try (Connection connection = connect(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    long longQuery(String jdbcUrl, String sql) {
        try (Connection connection = connect(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, sources.user(), sources.password());
    }
}
