package io.lemonadeoutbox.stack.campaign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One fault of the nemesis's schedule, drawn from the seed.
 *
 * @param atMillis   when it is due, after operations began
 * @param holdMillis how long it lasts: down time, pause, or how long the held transaction stays open
 * @param size       how many: rolled-back inserts of a storm, poison records, or overtaking indexes of a held transaction
 * @param locks      what it holds while it runs ({@link #locks(Kind, String, boolean, List)}), all taken at once
 */
record Fault(int number, Kind kind, String target, long atMillis, long holdMillis, int size, List<String> locks) {

    /** How far past a held transaction's index the publisher must get: Axon's default maxGapOffset. */
    static final int OVERTAKEN_BY = 10_000;
    /** Where the first of these kinds stand in the list of kinds every schedule starts with. */
    private static final int FIRST_APP_KILL = 0;
    private static final int FIRST_BROKER_RESTART = 4;
    private static final int FIRST_HELD_TRANSACTION = 7;
    private static final int FIRST_TOPIC_LOSS = 9;
    private static final int FIRST_RECORD_REFUSAL = 12;

    enum Kind {
        KILL("SIGKILL, then restart"),
        PAUSE("SIGSTOP, then SIGCONT"),
        BROKER_RESTART("Kafka broker stopped and started"),
        POSTGRES_RESTART("PostgreSQL stopped and started"),
        CONSUMER_DATABASE_OUTAGE("thankyou-service's database refuses connections while the event store stays up"),
        HELD_TRANSACTION("append transaction held open while more than 10,000 indexes commit past it"),
        GAP_STORM("transactions rolled back after their inserts"),
        TOPIC_LOSS("topic deleted, recreated, what it held republished"),
        POISON("poison records written straight to the topic"),
        CONSUMER_CONNECTION_RESETS("thankyou-service's database connections ended again and again, new ones accepted"),
        RECORD_REFUSAL("the broker refuses a sale's LemonadeSold for a while and accepts its SaleRefunded");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /**
     * Faults sharing a lock never overlap (a service is not killed while it restarts, PostgreSQL does not restart
     * under a held transaction); others may. The probes of the publisher's mechanisms, the first held transaction
     * and the first long broker restart, also hold both apps' locks (shared), and the first kill of an app comes after them:
     * the publisher that owns the segments since the start keeps running through them, with its producer's metadata,
     * so what it would lose without its mechanism is really at stake. (An instance that takes the segments over
     * during a broker outage has no metadata yet: each of its sends blocks for max.block.ms, its batch outlives
     * transaction_timeout and is rolled back, and nothing is lost even without the wait for acks.) A fault takes all
     * its locks at once.
     */
    static List<String> locks(Kind kind, String target, boolean probe, List<String> apps) {
        List<String> locks = new ArrayList<>(switch (kind) {
            case KILL, PAUSE -> List.of(target);
            case BROKER_RESTART -> List.of("broker");
            // a republish takes a while; a broker restart during it is one more overlap (the deletion waits for the
            // broker to be back), not a conflict
            case TOPIC_LOSS -> List.of("topic");
            // not the topic loss's lock: its republish may take a minute, and the refusal needs only a topic that
            // exists (one deleted under it is in its outcome: the victim's sale "reached the topic (not refused)")
            case RECORD_REFUSAL -> List.of("topic-config");
            case POISON -> List.of("poison");
            // a held transaction must be able to commit: PostgreSQL does not restart under it
            case HELD_TRANSACTION, GAP_STORM -> List.of("postgres");
            case CONSUMER_DATABASE_OUTAGE, CONSUMER_CONNECTION_RESETS -> List.of("thankyou-database");
            case POSTGRES_RESTART -> List.of("postgres", "thankyou-database");
        });
        if (probe) { // shared: the two probes may overlap, a kill or pause of an app may not overlap either
            apps.forEach(app -> locks.add(FaultLocks.SHARED + app));
        }
        return locks.stream().sorted().toList();
    }

    String describe() {
        return "#" + number + " " + kind.name().toLowerCase().replace('_', '-') + (target.isEmpty() ? "" : " " + target);
    }

    /**
     * The schedule: first one fault of every kind (a kill and a pause each of an app and of a consumer), so that
     * every mechanism's fault happens in every campaign, then one more about every {@code meanGapSeconds}; all at
     * random times inside {@code [fromMillis, untilMillis)}. The first broker restart outlasts the producer's
     * {@code delivery.timeout.ms} (10 s), so sends in flight expire: only the wait for Kafka's acks keeps them.
     */
    static List<Fault> schedule(long seed, List<String> apps, List<String> consumers, long fromMillis,
                                long untilMillis, int meanGapSeconds) {
        return schedule(seed, apps, consumers, fromMillis, untilMillis, meanGapSeconds, EnumSet.allOf(Kind.class));
    }

    /**
     * The schedule with only the kinds in {@code only} ({@code --faults}): the same first faults of those kinds, then
     * more of them at the same rate. With every kind it is exactly the schedule above.
     */
    static List<Fault> schedule(long seed, List<String> apps, List<String> consumers, long fromMillis,
                                long untilMillis, int meanGapSeconds, Set<Kind> only) {
        if (only.isEmpty()) {
            return List.of();
        }
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<Fault> drawn = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>(List.of(Kind.KILL, Kind.KILL, Kind.PAUSE, Kind.PAUSE, Kind.BROKER_RESTART,
                Kind.POSTGRES_RESTART, Kind.CONSUMER_DATABASE_OUTAGE, Kind.HELD_TRANSACTION, Kind.GAP_STORM,
                Kind.TOPIC_LOSS, Kind.POISON, Kind.CONSUMER_CONNECTION_RESETS, Kind.RECORD_REFUSAL));
        long window = untilMillis - fromMillis;
        List<Kind> pool = Arrays.stream(Kind.values()).filter(only::contains).toList();
        int extra = (int) Math.max(0, window / 1000 / meanGapSeconds - kinds.stream().filter(only::contains).count());
        for (int i = 0; i < extra; i++) {
            kinds.add(pool.get(random.nextInt(pool.size())));
        }
        // the first kill and pause of each process kind hit different instances, so neither waits for the other
        String killedApp = pick(random, apps);
        String killedConsumer = pick(random, consumers);
        for (int i = 0; i < kinds.size(); i++) {
            Kind kind = kinds.get(i);
            if (!only.contains(kind)) {
                continue; // left out by --faults: its place keeps the first faults' roles, nothing is drawn for it
            }
            String target = switch (i) {
                case 0 -> killedApp;
                case 1 -> killedConsumer;
                case 2 -> other(apps, killedApp);
                case 3 -> other(consumers, killedConsumer);
                default -> kind == Kind.KILL || kind == Kind.PAUSE
                        ? pick(random, random.nextBoolean() ? apps : consumers) : "";
            };
            // a topic loss's republish repairs whatever the publisher lost before it: the first one comes in the first
            // quarter, and the faults only the publisher's mechanisms survive (the held transaction overtaken by
            // 10,000 indexes, the broker restart longer than delivery.timeout.ms) in the middle, after it, early
            // enough to find their locks free before the end; so does the first record refusal, on a lock of its own
            boolean probe = i == FIRST_BROKER_RESTART || i == FIRST_HELD_TRANSACTION;
            double share = i == FIRST_TOPIC_LOSS ? random.nextDouble() * 0.25
                    : i == FIRST_RECORD_REFUSAL ? 0.3 + random.nextDouble() * 0.4
                    : probe ? 0.3 + random.nextDouble() * 0.3
                    : i == FIRST_APP_KILL ? 0.75 + random.nextDouble() * 0.25
                    : random.nextDouble();
            long at = fromMillis + (long) (share * window);
            long hold = switch (kind) {
                case KILL -> 1_000 + random.nextInt(4_000);
                case PAUSE -> 2_000 + random.nextInt(10_000);
                case BROKER_RESTART -> i == FIRST_BROKER_RESTART ? 12_000 + random.nextInt(8_000)
                        : 2_000 + random.nextInt(8_000);
                case POSTGRES_RESTART -> 2_000 + random.nextInt(6_000);
                case CONSUMER_DATABASE_OUTAGE, CONSUMER_CONNECTION_RESETS -> 5_000 + random.nextInt(10_000);
                // long enough for a publisher a few seconds behind to reach the refused sale while it is refused
                case RECORD_REFUSAL -> 8_000 + random.nextInt(8_000);
                // the most it stays open, committed once the publisher is OVERTAKEN_BY past it; well inside
                // PostgreSQL's transaction_timeout (30 s), so it commits
                case HELD_TRANSACTION -> 20_000 + random.nextInt(4_000);
                case GAP_STORM -> 1_000 + random.nextInt(5_000);
                case TOPIC_LOSS, POISON -> 0;
            };
            int size = switch (kind) {
                case HELD_TRANSACTION -> 10_500 + random.nextInt(3_500);
                case GAP_STORM -> 20 + random.nextInt(180);
                case POISON -> 1 + random.nextInt(3);
                default -> 0;
            };
            drawn.add(new Fault(0, kind, target, at, hold, size, locks(kind, target, probe, apps)));
        }
        drawn.sort(Comparator.comparingLong(Fault::atMillis));
        List<Fault> numbered = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            Fault fault = drawn.get(i);
            numbered.add(new Fault(i + 1, fault.kind, fault.target, fault.atMillis, fault.holdMillis, fault.size,
                    fault.locks));
        }
        return numbered;
    }

    private static String other(List<String> instances, String one) {
        return instances.stream().filter(instance -> !instance.equals(one)).findFirst().orElse(one);
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
