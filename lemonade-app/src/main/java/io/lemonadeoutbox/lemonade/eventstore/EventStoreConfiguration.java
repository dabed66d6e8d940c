package io.lemonadeoutbox.lemonade.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store is the outbox. We use Axon's JDBC engine over a Flyway-owned schema rather than JPA: payloads are
 * {@code bytea} and {@code global_index} a {@code bigserial} by construction (no Hibernate large objects, no pooled
 * sequence blocks). Every setting that can make the publisher give up a gap is set here, as {@link GapRules}, and
 * checked at start-up by {@code PublishingSettingsCheck}.
 */
@Configuration
class EventStoreConfiguration {

    /** Axon's default names are camel case; our Flyway migration uses PostgreSQL's snake case. */
    static final EventSchema SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    /**
     * Axon's JDBC default ({@code JdbcSQLErrorCodesResolver}) only knows {@code SQLIntegrityConstraintViolationException},
     * which pgjdbc never throws: two instances creating the same sale then fail with a bare {@code EventStoreException}
     * instead of Axon's {@code AggregateStreamCreationException} / {@code ConcurrencyException}. PostgreSQL says
     * "unique violation" with SQLSTATE 23505 ({@link AppendConflicts}). {@code lemonade.unsafe.axon-jdbc-duplicate-key-resolver} puts Axon's
     * default back, for the negative control of {@code SaleRaceAcrossInstancesIT}.
     */
    static final PersistenceExceptionResolver APPEND_CONFLICTS = new AppendConflicts();

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * No distance rule: Axon's default {@code maxGapOffset} of 10,000 gives up a gap that far below the token whatever
     * its age, so a sale whose transaction is slow while 10,000 others commit is never published.
     * {@code lemonade.unsafe.axon-default-gap-rules=true} restores Axon's defaults, for negative controls only.
     */
    @Bean
    GapRules gapRules(GapSettings settings,
                      @Value("${lemonade.unsafe.axon-default-gap-rules:false}") boolean axonDefaults) {
        return GapRules.of(settings.gapTimeout(), settings.clockSkewMargin(), axonDefaults);
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          GapRules gaps,
                                          DataSource dataSource,
                                          @Value("${lemonade.unsafe.axon-jdbc-duplicate-key-resolver:false}")
                                          boolean axonJdbcResolver,
                                          @Value("${" + SnapshotSettingsCheck.PROPERTY + ":false}")
                                          boolean readSnapshots) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(axonJdbcResolver ? new JdbcSQLErrorCodesResolver() : APPEND_CONFLICTS)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(SCHEMA)
                .gapTimeout(Math.toIntExact(gaps.gapTimeout().toMillis()))
                .maxGapOffset(gaps.maxGapOffset())
                .lowestGlobalSequence(gaps.lowestGlobalSequence())
                .gapCleaningThreshold(gaps.gapCleaningThreshold());
        if (gaps.axonDefaults()) {
            return builder.build();
        }
        builder.readEventDataWithGaps(EventStoreConfiguration::readWithGaps);
        return new BoundedAppendDelayEventStorageEngine(builder, transactionManager, gaps.maxAppendDelay(),
                new GapCloser(dataSource), readSnapshots);
    }

    /**
     * Axon's own statement binds one parameter per gap, and PostgreSQL's protocol takes at most 65,535: with no
     * distance rule a rollback storm could exceed that and stop the publisher. One array parameter has no such limit.
     */
    static PreparedStatement readWithGaps(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                          List<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields() + " FROM "
                + schema.domainEventTable() + " WHERE (" + schema.globalIndexColumn() + " > ? AND "
                + schema.globalIndexColumn() + " <= ?) OR " + schema.globalIndexColumn() + " = ANY(?) ORDER BY "
                + schema.globalIndexColumn() + " ASC");
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        statement.setArray(3, connection.createArrayOf("bigint", gaps.toArray()));
        return statement;
    }
}
