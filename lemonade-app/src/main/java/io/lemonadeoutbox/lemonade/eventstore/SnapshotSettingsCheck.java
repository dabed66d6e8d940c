package io.lemonadeoutbox.lemonade.eventstore;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The event store skips Axon's snapshot read unless {@code lemonade.event-store.read-snapshots=true}
 * ({@link BoundedAppendDelayEventStorageEngine}). That is only right while nothing writes snapshots, so with the read
 * off the application refuses to start if a snapshot trigger is configured: a {@link SnapshotTriggerDefinition} bean,
 * or an {@link Aggregate} naming one. (The unsafe {@code lemonade.unsafe.axon-default-gap-rules} builds Axon's own
 * engine, which reads snapshots whatever this says.)
 */
@Component
class SnapshotSettingsCheck implements SmartInitializingSingleton {

    static final String PROPERTY = "lemonade.event-store.read-snapshots";

    private final ListableBeanFactory beans;
    private final boolean readSnapshots;

    SnapshotSettingsCheck(ListableBeanFactory beans, @Value("${" + PROPERTY + ":false}") boolean readSnapshots) {
        this.beans = beans;
        this.readSnapshots = readSnapshots;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (readSnapshots) {
            return;
        }
        List<String> triggers = new ArrayList<>();
        beans.getBeansOfType(SnapshotTriggerDefinition.class, true, false).forEach((name, definition) -> {
            if (!(definition instanceof NoSnapshotTriggerDefinition)) {
                triggers.add("bean " + name);
            }
        });
        for (String name : beans.getBeanNamesForAnnotation(Aggregate.class)) {
            Aggregate aggregate = beans.findAnnotationOnBean(name, Aggregate.class);
            if (aggregate != null && !aggregate.snapshotTriggerDefinition().isEmpty()) {
                triggers.add("aggregate " + name + " (snapshotTriggerDefinition=" + aggregate
                        .snapshotTriggerDefinition() + ")");
            }
        }
        if (!triggers.isEmpty()) {
            throw new IllegalStateException("refusing to start: snapshots are configured (" + String.join(", ", triggers)
                    + ") but " + PROPERTY + " is false, so the event store would never read them. Set " + PROPERTY
                    + "=true to use snapshots.");
        }
    }
}
