package io.lemonadeoutbox.lemonade.eventstore;

import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store is the outbox. We use Axon's JDBC engine over a Flyway-owned schema rather than JPA: payloads are
 * {@code bytea} and {@code global_index} a {@code bigserial} by construction (no Hibernate large objects, no pooled
 * sequence blocks), and the gap timeout is set here, next to the guard that keeps it safe.
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
     * "unique violation" with SQLSTATE 23505. {@code lemonade.unsafe.axon-jdbc-duplicate-key-resolver} puts Axon's
     * default back, for the negative control of {@code SaleRaceAcrossInstancesIT}.
     */
    static final PersistenceExceptionResolver UNIQUE_VIOLATION = new SQLStateResolver("23505");

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

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          PublishingProperties publishing,
                                          @Value("${lemonade.unsafe.axon-jdbc-duplicate-key-resolver:false}")
                                          boolean axonJdbcResolver) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(axonJdbcResolver ? new JdbcSQLErrorCodesResolver() : UNIQUE_VIOLATION)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(SCHEMA)
                .gapTimeout(Math.toIntExact(publishing.gapTimeout().toMillis()))
                .build();
    }
}
