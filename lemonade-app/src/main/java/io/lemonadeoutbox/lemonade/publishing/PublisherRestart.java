package io.lemonadeoutbox.lemonade.publishing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the publishing processor again when an {@link Error} stopped it. Axon's tracking processor retries every
 * exception with back-off, but a worker that meets an Error pauses the whole processor in its error state for good:
 * every instance kept answering while none published, until restarted by hand (the fault campaign's long run, where
 * a StackOverflowError did it on both instances). Checked every {@link #EVERY}; health shows the stop meanwhile.
 * <p>
 * Test-only switch: {@code lemonade.unsafe.no-publisher-restart} leaves a stopped processor stopped.
 */
@Component
class PublisherRestart implements SmartLifecycle {

    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(PublisherRestart.class);

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final boolean off;
    private final AtomicInteger restarts = new AtomicInteger();
    private ScheduledExecutorService checks;

    PublisherRestart(ObjectProvider<EventProcessingConfiguration> processing,
                     @Value("${lemonade.unsafe.no-publisher-restart:false}") boolean off) {
        this.processing = processing;
        this.off = off;
    }

    /** Starts the processor if an Error stopped it (its error state is a stopped one). */
    private void restartIfStoppedInError() {
        Optional<StreamingEventProcessor> processor = Optional.ofNullable(processing.getIfAvailable())
                .flatMap(axon -> axon.eventProcessor(PublishingProperties.PROCESSOR, StreamingEventProcessor.class));
        if (processor.isEmpty() || !processor.get().isError()) {
            return;
        }
        try {
            processor.get().start();
        } catch (IllegalStateException stillStopping) {
            return; // a worker thread has not ended yet: the next check tries again
        }
        log.error("the publishing processor was stopped by an error (see the ERROR before this line); started it "
                + "again, restart {}", restarts.incrementAndGet());
    }

    int restarts() {
        return restarts.get();
    }

    @Override
    public void start() {
        if (off) {
            log.error("UNSAFE: lemonade.unsafe.no-publisher-restart: a publishing processor stopped by an error stays "
                    + "stopped");
            return;
        }
        checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "publisher-restart");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(() -> {
            try {
                restartIfStoppedInError();
            } catch (RuntimeException e) {
                log.warn("could not check the publishing processor; trying again in {}", EVERY, e);
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (checks != null) {
            checks.shutdownNow();
            checks = null;
        }
    }

    @Override
    public boolean isRunning() {
        return checks != null;
    }
}
