package io.lemonadeoutbox.peer.publishing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Modulith retries an incomplete publication only at start-up (republish-outstanding-events-on-restart); one that
 * failed because Kafka was down stays incomplete while the app runs. Its reference documents
 * {@link IncompleteEventPublications} for resubmitting them; this calls it on a fixed delay, but only while the
 * executor that runs the externalizations has nothing queued: Modulith 1.4 does not skip publications still queued
 * or in flight, so resubmitting during a backlog would queue the whole backlog again every time (seen in the first
 * side-by-side run, where the backlog was older than {@code resubmit-after}). The cost: while load keeps the queue
 * busy, a failed publication waits for the queue to drain (or for a restart).
 */
@Component
class IncompletePublicationResubmitter {

    private static final Logger log = LoggerFactory.getLogger(IncompletePublicationResubmitter.class);

    private final IncompleteEventPublications incomplete;
    private final ThreadPoolTaskExecutor externalizations;
    private final PublishingProperties publishing;

    IncompletePublicationResubmitter(IncompleteEventPublications incomplete,
                                     @Qualifier("applicationTaskExecutor") ThreadPoolTaskExecutor externalizations,
                                     PublishingProperties publishing) {
        this.incomplete = incomplete;
        this.externalizations = externalizations;
        this.publishing = publishing;
    }

    @Scheduled(fixedDelayString = "${lemonade.publishing.resubmit-every}",
            initialDelayString = "${lemonade.publishing.resubmit-every}")
    void resubmit() {
        if (externalizations.getQueueSize() > 0) {
            return;
        }
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(publishing.resubmitAfter());
        } catch (RuntimeException e) {
            log.warn("Resubmitting incomplete publications failed; trying again in {}", publishing.resubmitEvery(), e);
        }
    }
}
