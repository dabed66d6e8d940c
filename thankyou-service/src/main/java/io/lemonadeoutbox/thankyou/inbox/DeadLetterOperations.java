package io.lemonadeoutbox.thankyou.inbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators look at parked records and, once the cause is fixed, retry or discard each one. A retry sends the
 * exact record (key, bytes, headers) to its original topic again: if it had been applied after all, the inbox
 * recognises its event id and nothing changes.
 */
@RestController
@RequestMapping("/api/operations/dead-letters")
class DeadLetterOperations {

    private final DeadLetters deadLetters;
    private final KafkaTemplate<String, byte[]> kafka;

    @SuppressWarnings("unchecked")
    DeadLetterOperations(DeadLetters deadLetters, KafkaTemplate<?, ?> kafka) {
        this.deadLetters = deadLetters;
        this.kafka = (KafkaTemplate<String, byte[]>) kafka;
    }

    @GetMapping
    List<DeadLetter> list(@RequestParam(defaultValue = "true") boolean unresolvedOnly,
                          @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return deadLetters.newestFirst(unresolvedOnly, limit);
    }

    @PostMapping("/{id}/retry")
    DeadLetter retry(@PathVariable long id, Principal operator) {
        DeadLetter deadLetter = unresolved(id);
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(deadLetter.topic(), null, deadLetter.key(),
                deadLetter.payload(), DeadLetters.headersOf(deadLetter));
        try {
            kafka.send(again).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw problem(HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the record back: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw problem(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while re-sending the record");
        }
        return resolve(deadLetter, "RETRIED", operator);
    }

    @PostMapping("/{id}/discard")
    DeadLetter discard(@PathVariable long id, Principal operator) {
        return resolve(unresolved(id), "DISCARDED", operator);
    }

    private DeadLetter unresolved(long id) {
        DeadLetter deadLetter = deadLetters.find(id)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no dead letter with id " + id));
        if (deadLetter.resolved()) {
            throw problem(HttpStatus.CONFLICT, "dead letter " + id + " was already " + deadLetter.resolution());
        }
        return deadLetter;
    }

    private DeadLetter resolve(DeadLetter deadLetter, String resolution, Principal operator) {
        if (!deadLetters.resolve(deadLetter.id(), resolution, operator.getName())) {
            throw problem(HttpStatus.CONFLICT, "dead letter " + deadLetter.id() + " was resolved by someone else");
        }
        return deadLetters.find(deadLetter.id()).orElseThrow();
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
