package io.lemonadeoutbox.lemonade.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With the snapshot read off, a configured snapshot trigger stops the start-up instead of writing unread snapshots. */
class SnapshotSettingsCheckTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(SnapshotSettingsCheck.class);

    @Test
    void aSnapshotTriggerBeanRefusesTheStartWhileTheReadIsOff() {
        context.withBean("everyTenEvents", SnapshotTriggerDefinition.class, () -> aggregate -> null)
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .hasMessageContaining("refusing to start").hasMessageContaining("bean everyTenEvents")
                        .hasMessageContaining(SnapshotSettingsCheck.PROPERTY));
    }

    @Test
    void anAggregateNamingASnapshotTriggerRefusesTheStartWhileTheReadIsOff() {
        context.withBean("snapshotted", Snapshotted.class)
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .hasMessageContaining("aggregate snapshotted (snapshotTriggerDefinition=everyTenEvents)"));
    }

    @Test
    void withTheReadOnASnapshotTriggerStarts() {
        context.withPropertyValues(SnapshotSettingsCheck.PROPERTY + "=true")
                .withBean("everyTenEvents", SnapshotTriggerDefinition.class, () -> aggregate -> null)
                .withBean("snapshotted", Snapshotted.class)
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Test
    void noTriggerOrAxonsNoSnapshotTriggerStarts() {
        context.withBean("none", SnapshotTriggerDefinition.class, () -> NoSnapshotTriggerDefinition.INSTANCE)
                .withBean("plain", Plain.class)
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Aggregate(snapshotTriggerDefinition = "everyTenEvents")
    static class Snapshotted {
    }

    @Aggregate
    static class Plain {
    }
}
