package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The nemesis's schedule: the same for the same seed, every fault kind in every campaign, all inside the window. */
class FaultTest {

    private static final List<String> APPS = List.of("lemonade-app", "lemonade-app-2");
    private static final List<String> CONSUMERS = List.of("thankyou-service", "thankyou-service-2");

    @Test
    void theSameSeedDrawsTheSameSchedule() {
        assertThat(Fault.schedule(42, APPS, CONSUMERS, 5_000, 580_000, 6))
                .isEqualTo(Fault.schedule(42, APPS, CONSUMERS, 5_000, 580_000, 6))
                .isNotEqualTo(Fault.schedule(43, APPS, CONSUMERS, 5_000, 580_000, 6));
    }

    @Test
    void everyScheduleHasEveryKindKillsAndPausesOfBothProcessKindsAndStaysInsideItsWindow() {
        Random seeds = new Random(7);
        for (int i = 0; i < 500; i++) {
            long seed = seeds.nextLong();
            long from = seeds.nextInt(10_000);
            long until = from + 20_000 + seeds.nextInt(3_600_000);
            List<Fault> schedule = Fault.schedule(seed, APPS, CONSUMERS, from, until, 6);

            EnumSet<Fault.Kind> kinds = EnumSet.noneOf(Fault.Kind.class);
            schedule.forEach(fault -> kinds.add(fault.kind()));
            assertThat(kinds).as("seed " + seed).containsExactlyInAnyOrder(Fault.Kind.values());
            for (Fault.Kind kind : List.of(Fault.Kind.KILL, Fault.Kind.PAUSE)) {
                assertThat(schedule).as("seed " + seed + ": a " + kind + " of an app")
                        .anyMatch(fault -> fault.kind() == kind && APPS.contains(fault.target()));
                assertThat(schedule).as("seed " + seed + ": a " + kind + " of a consumer")
                        .anyMatch(fault -> fault.kind() == kind && CONSUMERS.contains(fault.target()));
            }
            List<Fault> first = schedule.stream().filter(fault -> fault.kind() == Fault.Kind.KILL
                    || fault.kind() == Fault.Kind.PAUSE).toList();
            assertThat(first.stream().map(Fault::target).distinct()).as("seed " + seed + ": all four instances hit")
                    .hasSize(4);
            assertThat(schedule).allSatisfy(fault -> assertThat(fault.atMillis()).isBetween(from, until));
            assertThat(schedule).filteredOn(fault -> fault.kind() == Fault.Kind.HELD_TRANSACTION)
                    .allSatisfy(fault -> {
                        assertThat(fault.size()).as("overtaken by more than Axon's maxGapOffset").isGreaterThan(10_000);
                        assertThat(fault.holdMillis()).as("inside transaction_timeout (30 s)").isLessThan(25_000);
                    });
            long firstTopicLoss = schedule.stream().filter(fault -> fault.kind() == Fault.Kind.TOPIC_LOSS)
                    .mapToLong(Fault::atMillis).min().orElseThrow();
            assertThat(schedule).as("seed " + seed + ": a held transaction and a long broker restart after the first "
                            + "topic loss, so that its republish cannot repair what they would make the publisher lose")
                    .anyMatch(fault -> fault.kind() == Fault.Kind.HELD_TRANSACTION && fault.atMillis() > firstTopicLoss)
                    .anyMatch(fault -> fault.kind() == Fault.Kind.BROKER_RESTART && fault.holdMillis() > 10_000
                            && fault.atMillis() > firstTopicLoss);
            List<String> sharedApps = APPS.stream().map(app -> FaultLocks.SHARED + app).toList();
            List<Fault> probes = schedule.stream().filter(fault -> fault.locks().containsAll(sharedApps)).toList();
            assertThat(probes).as("seed " + seed + ": the first held transaction and a long broker restart hold both "
                            + "apps' locks, so no publisher is killed or paused through them")
                    .anyMatch(fault -> fault.kind() == Fault.Kind.HELD_TRANSACTION)
                    .anyMatch(fault -> fault.kind() == Fault.Kind.BROKER_RESTART && fault.holdMillis() > 10_000)
                    .hasSize(2);
            long lastProbe = probes.stream().mapToLong(Fault::atMillis).max().orElseThrow();
            assertThat(schedule).as("seed " + seed + ": an app's kill due after both probes, so the app that owns the "
                            + "segments since the start publishes through them")
                    .anyMatch(fault -> fault.kind() == Fault.Kind.KILL && APPS.contains(fault.target())
                            && fault.atMillis() > lastProbe);
            long window = until - from;
            assertThat(schedule).as("seed " + seed + ": a record refusal after the first topic loss's quarter and "
                            + "well before the end, on a lock of its own (the republish may hold the topic's a minute)")
                    .anyMatch(fault -> fault.kind() == Fault.Kind.RECORD_REFUSAL
                            && fault.atMillis() >= from + window * 3 / 10 && fault.atMillis() < from + window * 7 / 10
                            && fault.locks().equals(List.of("topic-config")));
            assertThat(schedule).as("seed " + seed + ": every fault holds at least one lock, each once")
                    .allSatisfy(fault -> assertThat(fault.locks()).isNotEmpty().doesNotHaveDuplicates());
            assertThat(schedule).as("seed " + seed + ": a broker outage longer than delivery.timeout.ms (10 s)")
                    .anyMatch(fault -> fault.kind() == Fault.Kind.BROKER_RESTART && fault.holdMillis() > 10_000);
            assertThat(schedule).extracting(Fault::number)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, schedule.size()).boxed()
                            .toList());
        }
    }

    @Test
    void aScheduleOfSomeKindsHasOnlyThoseAtTheSameRateAndAllKindsIsTheDefaultSchedule() {
        Random seeds = new Random(11);
        for (int i = 0; i < 300; i++) {
            long seed = seeds.nextLong();
            long from = seeds.nextInt(10_000);
            long until = from + 20_000 + seeds.nextInt(3_600_000);
            assertThat(Fault.schedule(seed, APPS, CONSUMERS, from, until, 6, EnumSet.allOf(Fault.Kind.class)))
                    .isEqualTo(Fault.schedule(seed, APPS, CONSUMERS, from, until, 6));
            Fault.Kind[] all = Fault.Kind.values();
            EnumSet<Fault.Kind> only = EnumSet.of(all[seeds.nextInt(all.length)], all[seeds.nextInt(all.length)]);
            List<Fault> schedule = Fault.schedule(seed, APPS, CONSUMERS, from, until, 6, only);

            assertThat(schedule).as("seed " + seed + " " + only).isNotEmpty()
                    .allSatisfy(fault -> assertThat(only).contains(fault.kind()))
                    .allSatisfy(fault -> assertThat(fault.atMillis()).isBetween(from, until));
            assertThat(schedule.size()).as("one fault about every 6 s, as with every kind")
                    .isGreaterThanOrEqualTo((int) ((until - from) / 1000 / 6));
            assertThat(schedule).extracting(Fault::number)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, schedule.size()).boxed()
                            .toList());
        }
        assertThat(Fault.schedule(1, APPS, CONSUMERS, 0, 100_000, 6, EnumSet.noneOf(Fault.Kind.class))).isEmpty();
    }
}
