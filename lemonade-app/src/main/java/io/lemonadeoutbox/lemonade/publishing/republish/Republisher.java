package io.lemonadeoutbox.lemonade.publishing.republish;

import io.lemonadeoutbox.lemonade.eventstore.EventStoreReader;
import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends a range of the event store to Kafka again, with the original event ids, through the same publisher and
 * converter as the tracking processor: for when the topic was lost or truncated (G6). Consumers recognise the ids
 * and make no second card. The Kafka extension skips replays on purpose (extension-kafka issue 454), so this is a
 * separate reader that leaves the publishing token alone. Events go out in chunks of the processor's batch size, each
 * chunk in one unit of work, so the publisher waits once per chunk for its acks.
 *
 * <p>One republish at a time across all instances: a PostgreSQL advisory lock, held on its own connection for the
 * whole run, decides.
 */
@Component
class Republisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Republisher.class);
    static final long LOCK_KEY = 0x1e30_0ade_0b0bL;

    private final EventStorageEngine storage;
    private final KafkaPublisher<?, ?> publisher;
    private final EventStoreReader events;
    private final DataSource dataSource;
    private final Clock clock;
    private final int chunkSize;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "republisher"));
    private final AtomicReference<RepublishStatus> latest = new AtomicReference<>();

    Republisher(EventStorageEngine storage, KafkaPublisher<?, ?> publisher, EventStoreReader events,
                DataSource dataSource, Clock clock, PublishingProperties publishing) {
        this.storage = storage;
        this.publisher = publisher;
        this.events = events;
        this.dataSource = dataSource;
        this.clock = clock;
        this.chunkSize = publishing.batchSize();
    }

    public Optional<RepublishStatus> latest() {
        return Optional.ofNullable(latest.get());
    }

    /**
     * Starts republishing every event from {@code fromGlobalIndex} up to {@code toGlobalIndex} (today's head when
     * empty), in global order. An upper bound sends exactly what a lost topic held: the head read when it was lost.
     */
    public synchronized RepublishStatus start(long fromGlobalIndex, OptionalLong toGlobalIndex) {
        long head = events.headGlobalIndex().orElse(-1);
        if (fromGlobalIndex < 0 || fromGlobalIndex > head) {
            throw new RepublishRejectedException(400, "fromGlobalIndex must be between 0 and the head of the event "
                    + "store (" + head + "), was " + fromGlobalIndex);
        }
        long to = toGlobalIndex.orElse(head);
        if (to < fromGlobalIndex || to > head) {
            throw new RepublishRejectedException(400, "toGlobalIndex must be between fromGlobalIndex ("
                    + fromGlobalIndex + ") and the head of the event store (" + head + "), was " + to);
        }
        Connection lock = acquireLock();
        RepublishStatus status = RepublishStatus.started(fromGlobalIndex, to, clock.instant());
        latest.set(status);
        worker.execute(() -> run(status, lock));
        return status;
    }

    private Connection acquireLock() {
        try {
            Connection connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement();
                 ResultSet locked = statement.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                locked.next();
                if (locked.getBoolean(1)) {
                    return connection;
                }
            }
            connection.close();
            throw new RepublishRejectedException(409, "a republish is already running");
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the republish lock", e);
        }
    }

    private void run(RepublishStatus started, Connection lock) {
        long published = 0;
        GapAwareTrackingToken before = GapAwareTrackingToken.newInstance(started.fromGlobalIndex() - 1,
                Collections.emptySortedSet());
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(before, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            List<TrackedEventMessage<?>> chunk = new ArrayList<>(chunkSize);
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (position(event) > started.toGlobalIndex()) {
                    break;
                }
                chunk.add(event);
                if (chunk.size() == chunkSize) {
                    published = publish(chunk, published);
                }
            }
            published = publish(chunk, published);
            latest.set(latest.get().done(clock.instant()));
            log.info("Republished {} events from global index {} to {}", published, started.fromGlobalIndex(),
                    started.toGlobalIndex());
        } catch (RuntimeException e) {
            log.error("Republish from global index {} failed after {} events", started.fromGlobalIndex(), published, e);
            latest.set(latest.get().failed(clock.instant(), e.getMessage()));
        } finally {
            release(lock);
        }
    }

    /** Sends the chunk in one unit of work (one wait for all its acks), empties it, and returns the new total. */
    private long publish(List<TrackedEventMessage<?>> chunk, long publishedBefore) {
        if (chunk.isEmpty()) {
            return publishedBefore;
        }
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.copyOf(chunk));
        unitOfWork.execute(() -> publisher.send(unitOfWork.getMessage()));
        long published = publishedBefore + chunk.size();
        chunk.clear();
        latest.set(latest.get().progressed(published));
        return published;
    }

    private static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElse(Long.MAX_VALUE);
    }

    private static void release(Connection lock) {
        try (lock; Statement statement = lock.createStatement()) {
            statement.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
        } catch (SQLException e) {
            log.warn("Could not release the republish lock; it goes with its connection", e);
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
