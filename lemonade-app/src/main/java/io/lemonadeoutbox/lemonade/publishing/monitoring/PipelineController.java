package io.lemonadeoutbox.lemonade.publishing.monitoring;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The producer's half of the pipeline page: event store, publisher, topic. */
@RestController
class PipelineController {

    record EventStore(long headIndex, long unpublishedEvents, double oldestUnpublishedSeconds) {
    }

    record Publisher(String processor, String state, List<String> errors, int segments, boolean replaying,
                     long tokenIndex, SortedSet<Long> gaps) {
    }

    record Topic(String name, Map<Integer, Long> endOffsets, long endOffsetsTotal, String error) {
    }

    record Pipeline(EventStore eventStore, Publisher publisher, Topic topic) {
    }

    private final PublishingMonitor monitor;
    private final KafkaEndOffsets kafka;

    PipelineController(PublishingMonitor monitor, KafkaEndOffsets kafka) {
        this.monitor = monitor;
        this.kafka = kafka;
    }

    @GetMapping("/api/pipeline")
    Pipeline pipeline() {
        PublishingProgress progress = monitor.progress();
        ProcessorState processor = monitor.processorState();
        KafkaEndOffsets.TopicOffsets offsets = kafka.get();
        return new Pipeline(
                new EventStore(progress.headIndex(), progress.unpublishedEvents(),
                        progress.oldestUnpublished().toMillis() / 1000.0),
                new Publisher(processor.name(), processor.state(), processor.errors(), processor.segments(),
                        processor.replaying(), progress.tokenIndex(), progress.gaps()),
                new Topic(offsets.topic(), offsets.endOffsets(),
                        offsets.endOffsets().values().stream().mapToLong(Long::longValue).sum(), offsets.error()));
    }
}
