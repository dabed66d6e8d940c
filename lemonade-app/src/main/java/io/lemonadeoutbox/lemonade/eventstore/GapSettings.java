package io.lemonadeoutbox.lemonade.eventstore;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The settings of the event store that decide when its reader (the publisher) gives a gap up, as {@link GapRules} are
 * built from them. They are set as {@code lemonade.publishing.*} because that is where users meet them; they live here
 * because the event store applies them and the publisher only reads through it.
 *
 * @param gapTimeout       how long the publishing processor waits for a missing global index to commit before it
 *                         gives up on it for ever (Axon's gap timeout)
 * @param clockSkewMargin  how far this host's clock may be from PostgreSQL's, and the most an event's creation may
 *                         precede its insert by PostgreSQL's clock (a later append is rolled back): the gap timeout
 *                         must be at least twice PostgreSQL's transaction_timeout plus twice this margin
 */
@Validated
@ConfigurationProperties("lemonade.publishing")
public record GapSettings(@NotNull Duration gapTimeout, @DefaultValue("5s") @NotNull Duration clockSkewMargin) {
}
