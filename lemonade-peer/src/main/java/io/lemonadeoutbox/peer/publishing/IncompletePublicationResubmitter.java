package io.lemonadeoutbox.peer.publishing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Modulith retries an incomplete publication only at start-up (republish-outstanding-events-on-restart); one that
 * failed because Kafka was down stays incomplete while the app runs. Its reference documents
 * {@link IncompleteEventPublications} for resubmitting them; this calls it on a fixed delay. A publication still in
 * flight but older than {@code resubmit-after} is sent twice; the consumer's inbox drops the copy by event id.
 */
@Component
class IncompletePublicationResubmitter {

    private static final Logger log = LoggerFactory.getLogger(IncompletePublicationResubmitter.class);

    private final IncompleteEventPublications incomplete;
    private final PublishingProperties publishing;

    IncompletePublicationResubmitter(IncompleteEventPublications incomplete, PublishingProperties publishing) {
        this.incomplete = incomplete;
        this.publishing = publishing;
    }

    @Scheduled(fixedDelayString = "${lemonade.publishing.resubmit-every}",
            initialDelayString = "${lemonade.publishing.resubmit-every}")
    void resubmit() {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(publishing.resubmitAfter());
        } catch (RuntimeException e) {
            log.warn("Resubmitting incomplete publications failed; trying again in {}", publishing.resubmitEvery(), e);
        }
    }
}
