package io.lemonadeoutbox.lemonade.eventstore;

import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC engine, except that an append whose events were created (their timestamp, the writer's clock) more
 * than {@code maxAppendDelay} before PostgreSQL's clock right after their insert fails, and its transaction rolls
 * back. Axon's time rule gives a gap up once an event above it is older than the gap timeout <em>by its
 * timestamp</em>; this makes "an event's index was handed out at most {@code maxAppendDelay} after its timestamp"
 * true, by PostgreSQL's clock, so that the start-up check can bound how long a gap below it can still be filled.
 * Before each read it also drops from the token the gaps that {@link GapCloser} has proven no transaction can still
 * commit into, so rolled-back appends do not pile up in every token until the gap timeout.
 * <p>
 * Unless {@code readSnapshots}, it also skips Axon's snapshot read, the first statement of every aggregate load:
 * nothing here writes a snapshot ({@link SnapshotSettingsCheck} refuses to start with a snapshot trigger), so the read
 * always returns nothing, and the aggregate is built from its events alone, as it is after the read found none.
 */
final class BoundedAppendDelayEventStorageEngine extends JdbcEventStorageEngine {

    private final TransactionManager transactions;
    private final Duration maxAppendDelay;
    private final GapCloser gaps;
    private final boolean readSnapshots;

    BoundedAppendDelayEventStorageEngine(Builder builder, TransactionManager transactions, Duration maxAppendDelay,
                                         GapCloser gaps, boolean readSnapshots) {
        super(builder);
        this.transactions = transactions;
        this.maxAppendDelay = maxAppendDelay;
        this.gaps = gaps;
        this.readSnapshots = readSnapshots;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return readSnapshots ? super.readSnapshotData(aggregateIdentifier) : Stream.empty();
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        if (!readSnapshots) {
            throw new IllegalStateException("refusing to store a snapshot of " + snapshot.getAggregateIdentifier()
                    + ": " + SnapshotSettingsCheck.PROPERTY + " is false, so it would never be read");
        }
        super.storeSnapshot(snapshot, serializer);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return super.fetchTrackedEvents(lastToken instanceof GapAwareTrackingToken token
                ? gaps.withoutDeadGaps(token) : lastToken, batchSize);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        super.appendEvents(events, serializer);
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            Instant afterInsert = executeQuery(getConnection(),
                    connection -> connection.prepareStatement("select clock_timestamp()"),
                    rows -> {
                        rows.next();
                        return rows.getObject(1, OffsetDateTime.class).toInstant();
                    },
                    e -> new EventStoreException("could not read PostgreSQL's clock after an append", e));
            for (EventMessage<?> event : events) {
                checkDelay(event, afterInsert, maxAppendDelay);
            }
        });
    }

    static void checkDelay(EventMessage<?> event, Instant afterInsert, Duration maxAppendDelay) {
        Duration delay = Duration.between(event.getTimestamp(), afterInsert);
        if (delay.compareTo(maxAppendDelay) > 0) {
            throw new LateAppendException("event " + event.getIdentifier() + " was created at "
                    + event.getTimestamp() + " but inserted only at " + afterInsert + " by PostgreSQL's clock, "
                    + delay.toMillis() + " ms later, more than lemonade.publishing.clock-skew-margin ("
                    + maxAppendDelay + "): the publisher could give up a gap below it too early, so the append is "
                    + "rolled back; sending the command again appends it anew. If this is frequent, check this host's "
                    + "clock against the database's.");
        }
    }
}
