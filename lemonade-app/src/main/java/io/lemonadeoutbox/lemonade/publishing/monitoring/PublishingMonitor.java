package io.lemonadeoutbox.lemonade.publishing.monitoring;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The publisher's lag (G5) for gauges, health and the pipeline page. The store is read at most once a second
 * whatever asks: one small query, on the primary key index, for the head and the unpublished events. The gaps are
 * read apart from the range past the token: as one {@code or} they made PostgreSQL scan the whole table and compare
 * every row with every gap, seconds per read after a storm of rolled-back appends.
 */
@Component
class PublishingMonitor implements MeterBinder {

    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private static final String LAG_QUERY = """
            with unpublished as (
                select global_index, time_stamp from domain_event_entry where global_index > :token
                union all
                select global_index, time_stamp from domain_event_entry
                 where global_index = any(cast(:gaps as bigint[])) and global_index <= :token)
            select (select max(global_index) from domain_event_entry) as head,
                   (select count(*) from unpublished) as unpublished,
                   (select time_stamp from unpublished order by global_index limit 1) as oldest
            """;

    private final JdbcClient jdbc;
    private final PublishingToken token;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Clock clock;
    private final LoadingCache<String, PublishingProgress> progress;

    PublishingMonitor(JdbcClient jdbc, PublishingToken token, ObjectProvider<EventProcessingConfiguration> processing,
                      Clock clock) {
        this.jdbc = jdbc;
        this.token = token;
        this.processing = processing;
        this.clock = clock;
        this.progress = freshFor(clock).build(processor -> measure());
    }

    public PublishingProgress progress() {
        return progress.get(PublishingProperties.PROCESSOR);
    }

    /** A cache whose entries are recomputed at most once per {@link #FRESH_FOR} by {@code clock}. */
    static Caffeine<Object, Object> freshFor(Clock clock) {
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        return Caffeine.newBuilder().expireAfterWrite(FRESH_FOR).ticker(ticker);
    }

    /** Read from the processor's memory: cheap, and it knows about errors the database cannot show. */
    public ProcessorState processorState() {
        Optional<StreamingEventProcessor> found = processor();
        if (found.isEmpty()) {
            return new ProcessorState(PublishingProperties.PROCESSOR, ProcessorState.NOT_RUNNING,
                    List.of("no such processor in this application"), 0, false, new TreeSet<>());
        }
        StreamingEventProcessor processor = found.get();
        List<String> errors = new ArrayList<>();
        SortedSet<Long> gaps = new TreeSet<>();
        var status = processor.processingStatus();
        status.forEach((segment, tracker) -> {
            if (tracker.isErrorState()) {
                errors.add("segment " + segment + ": " + describe(tracker.getError()));
            }
            gapsOf(tracker).ifPresent(gaps::addAll);
        });
        String state = processor.isError() || !errors.isEmpty() ? ProcessorState.IN_ERROR
                : processor.isRunning() ? ProcessorState.RUNNING
                : ProcessorState.NOT_RUNNING;
        boolean replaying = status.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        return new ProcessorState(processor.getName(), state, List.copyOf(errors), status.size(), replaying, gaps);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "lemonade.publishing.lag.events", "events",
                "Events in the event store that Kafka has not acknowledged yet", p -> p.unpublishedEvents());
        gauge(registry, "lemonade.publishing.lag.seconds", "seconds",
                "Age of the oldest event not yet published; 0 when all are", p -> p.oldestUnpublished().toMillis() / 1000.0);
        gauge(registry, "lemonade.publishing.head.index", null,
                "Highest global index in the event store", p -> p.headIndex());
        gauge(registry, "lemonade.publishing.token.index", null,
                "Global index up to which the publisher committed its token", p -> p.tokenIndex());
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
                       ToDoubleFunction<PublishingProgress> value) {
        Gauge.builder(name, this, monitor -> value.applyAsDouble(monitor.progress()))
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    private PublishingProgress measure() {
        long tokenIndex = token.committedIndex().orElse(-1);
        SortedSet<Long> gaps = new TreeSet<>(processorState().gaps().headSet(tokenIndex + 1));
        String gapArray = gaps.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        return jdbc.sql(LAG_QUERY)
                .param("token", tokenIndex)
                .param("gaps", gapArray)
                .query((row, n) -> {
                    long head = row.getLong("head");
                    if (row.wasNull()) {
                        head = -1;
                    }
                    String oldest = row.getString("oldest");
                    Duration age = oldest == null ? Duration.ZERO
                            : Duration.between(Instant.parse(oldest), clock.instant());
                    return new PublishingProgress(head, tokenIndex, gaps, row.getLong("unpublished"),
                            age.isNegative() ? Duration.ZERO : age);
                })
                .single();
    }

    private Optional<StreamingEventProcessor> processor() {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        return configuration == null ? Optional.empty()
                : configuration.eventProcessor(PublishingProperties.PROCESSOR, StreamingEventProcessor.class);
    }

    private static Optional<SortedSet<Long>> gapsOf(EventTrackerStatus tracker) {
        return Optional.ofNullable(tracker.getTrackingToken())
                .flatMap(t -> WrappedToken.unwrap(t, GapAwareTrackingToken.class))
                .map(GapAwareTrackingToken::getGaps);
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
