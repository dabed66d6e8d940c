package io.lemonadeoutbox.lemonade.publishing;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The event store hands out {@code global_index} at insert time, but a transaction makes it visible only at commit.
 * The publishing processor waits {@code gapTimeout} for a missing index and then skips it for ever, so a
 * transaction that commits later than that would never be published (AxonFramework issue 4829). PostgreSQL 17's
 * {@code transaction_timeout} aborts every transaction before it can get that old; this guard refuses to start the
 * application unless it is set, with a margin, below the gap timeout.
 * <p>
 * {@code lemonade.publishing.guard.enabled=false} is only for demonstrating the loss the guard prevents
 * (lemonade-stack's OutOfOrderCommitsFaultIT); never switch it off anywhere else.
 */
@Component
@ConditionalOnProperty(name = "lemonade.publishing.guard.enabled", havingValue = "true", matchIfMissing = true)
class TransactionTimeoutGuard {

    private static final Logger log = LoggerFactory.getLogger(TransactionTimeoutGuard.class);
    private static final Pattern SETTING = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?");

    TransactionTimeoutGuard(JdbcClient jdbc, PublishingProperties publishing) {
        int serverVersion = jdbc.sql("show server_version_num").query(Integer.class).single();
        Duration limit = Duration.ofMillis(publishing.gapTimeout().toMillis() - publishing.gapTimeoutMargin().toMillis());
        if (serverVersion < 170000) {
            throw new IllegalStateException("PostgreSQL " + serverVersion / 10000 + " has no transaction_timeout: "
                    + "run the event store on PostgreSQL 17 or later, with transaction_timeout at most "
                    + limit.toSeconds() + "s, so that no transaction can commit after the gap timeout of "
                    + publishing.gapTimeout().toSeconds() + "s and be skipped by the publisher");
        }
        Duration timeout = parse(jdbc.sql("show transaction_timeout").query(String.class).single());
        if (timeout.isZero() || timeout.compareTo(limit) > 0) {
            throw new IllegalStateException("PostgreSQL transaction_timeout is "
                    + (timeout.isZero() ? "0 (no limit)" : timeout.toMillis() + "ms")
                    + ", but it must be between 1ms and " + limit.toSeconds() + "s (the publisher's gap timeout of "
                    + publishing.gapTimeout().toSeconds() + "s minus a margin of "
                    + publishing.gapTimeoutMargin().toSeconds() + "s): a transaction that commits after the gap "
                    + "timeout is never published. Set it in postgresql.conf (transaction_timeout = '30s'), with "
                    + "'ALTER DATABASE <db> SET transaction_timeout = '30s'', or raise lemonade.publishing.gap-timeout");
        }
        log.info("PostgreSQL transaction_timeout {} is safely below the publisher's gap timeout {}",
                timeout, publishing.gapTimeout());
    }

    static Duration parse(String setting) {
        Matcher matcher = SETTING.matcher(setting.trim());
        if (!matcher.matches()) {
            throw new IllegalStateException("cannot read PostgreSQL transaction_timeout '" + setting + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
