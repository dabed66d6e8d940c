package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.campaign.Operation.Kind;
import io.lemonadeoutbox.stack.campaign.Operation.Order;
import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;

/**
 * The broker refuses one sale's LemonadeSold while it would accept that sale's SaleRefunded: the topic's
 * {@code max.message.bytes} is set between the two records' sizes for a while. A refund carries less than its sale
 * (no cups, unit price or flavour), so a pair sold and refunded just before, with the same name, e-mail and cups and a
 * sale id of the same length, gives both sizes. Then the victim is sold and refunded at once, so both events fall in
 * one publishing batch, and the topic is followed: the outcome says whether the victim's sale was refused and whether
 * its refund reached the topic before it. The limit applies to a whole record batch, so every batch of more than one
 * record is refused too: Kafka's producer splits such a batch and sends it again, in place, and the partition waits
 * behind it. Publishing stalls for the fault's time; nothing may be lost or reordered.
 */
record RecordRefusal(CampaignSettings settings, CampaignStack stack, History history) {

    static final String CONFIG = "max.message.bytes";
    private static final long MEASURE_TIMEOUT_MILLIS = 60_000;
    private static final long CONFIG_RETRY_MILLIS = 120_000;

    String perform(Fault fault) throws InterruptedException {
        String base = "order-" + Math.abs(settings.seed() % 100_000) + "-" + fault.number();
        String measured = base + "-m";
        String victim = base + "-v";
        Order order = new Order("Order probe " + fault.number(), base + "@example.com", 1 + fault.number() % 20);
        String topic = stack.wiring().topic();
        String bootstrap = stack.infrastructure().kafka().bootstrapServers();
        Map<String, Integer> sizes;
        try (TopicReader reader = TopicReader.fromNow(bootstrap, topic)) {
            if (!sellAndRefund(measured, order)) {
                return "not begun: the measured pair " + measured + " was not sold and refunded";
            }
            sizes = batchBytes(reader, measured, System.currentTimeMillis() + MEASURE_TIMEOUT_MILLIS);
        }
        Integer sold = sizes.get(SaleRecords.LEMONADE_SOLD);
        Integer refunded = sizes.get(SaleRecords.SALE_REFUNDED);
        if (sold == null || refunded == null || sold <= refunded) {
            return "not begun: the measured pair's records on the topic within 60 s: " + sizes;
        }
        int limit = (sold + refunded) / 2;
        KafkaTopics kafka = stack.kafka();
        if (!retry(() -> setLimit(kafka, topic, String.valueOf(limit)))) {
            return "not begun: " + CONFIG + " could not be set within " + CONFIG_RETRY_MILLIS + " ms";
        }
        long refusedFrom = System.currentTimeMillis();
        Map<String, Long> seenAt;
        try (TopicReader reader = TopicReader.fromNow(bootstrap, topic)) {
            Thread.sleep(1_000); // the broker applies the topic's new config a moment after the controller took it
            sellAndRefund(victim, order);
            seenAt = firstSeen(reader, victim, refusedFrom + fault.holdMillis());
        } finally {
            retry(() -> setLimit(kafka, topic, null));
        }
        long refusedFor = System.currentTimeMillis() - refusedFrom;
        return CONFIG + " " + limit + " for " + refusedFor + " ms (the measured pair's record batches: LemonadeSold "
                + sold + " bytes, SaleRefunded " + refunded + "); meanwhile " + victim + "'s LemonadeSold "
                + (seenAt.containsKey(SaleRecords.LEMONADE_SOLD) ? "reached the topic (not refused)" : "was refused")
                + " and its SaleRefunded " + (seenAt.containsKey(SaleRecords.SALE_REFUNDED)
                ? "reached the topic before it" : "was held back");
    }

    /** Removes a limit left behind by a fault that could not finish; the heal calls it. */
    void restore() {
        retry(() -> setLimit(stack.kafka(), stack.wiring().topic(), null));
    }

    private static boolean setLimit(KafkaTopics kafka, String topic, String value) {
        kafka.setTopicConfig(topic, CONFIG, value);
        return true;
    }

    /** Sells, then refunds, on the first instance that answers; every request is in the history. */
    private boolean sellAndRefund(String saleId, Order order) {
        boolean sold = onAnyApp(Kind.SALE, saleId, order, shop -> shop.trySell(saleId, order.customerName(),
                order.customerEmail(), order.cups()));
        return sold && onAnyApp(Kind.REFUND, saleId, null, shop -> shop.tryRefund(saleId));
    }

    private boolean onAnyApp(Kind kind, String saleId, Order order, Function<Shop, Shop.Answer> send) {
        for (ServiceProcess app : stack.apps()) {
            long started = System.currentTimeMillis();
            Shop.Answer answer = send.apply(stack.shop(app));
            history.add(new Operation(history.nextId(), kind, saleId, app.name(), order, null, answer.status(),
                    answer.contentType(), answer.status() / 100 == 2 ? "" : String.valueOf(answer.noAnswer() != null
                    ? answer.noAnswer() : answer.body()), started, System.currentTimeMillis()));
            if (answer.status() / 100 == 2) {
                return true;
            }
            if (answer.status() > 0) {
                return false; // refused: the other instance would refuse it too
            }
        }
        return false;
    }

    /** The size of the record batch each of the sale's event types travelled in alone, as the broker measures it. */
    private static Map<String, Integer> batchBytes(TopicReader reader, String saleId, long deadline) {
        Map<String, Integer> sizes = new HashMap<>();
        while (sizes.size() < 2 && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, byte[]> record : reader.nextRecords()) {
                if (saleId.equals(record.key())) {
                    sizes.putIfAbsent(typeOf(record), DefaultRecordBatch.RECORD_BATCH_OVERHEAD + DefaultRecord
                            .sizeInBytes(0, 0L, ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)),
                                    ByteBuffer.wrap(record.value()), record.headers().toArray()));
                }
            }
        }
        return sizes;
    }

    /** Which of the sale's event types reached the topic before the deadline, and when. */
    private static Map<String, Long> firstSeen(TopicReader reader, String saleId, long deadline) {
        Map<String, Long> seen = new HashMap<>();
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, byte[]> record : reader.nextRecords()) {
                if (saleId.equals(record.key())) {
                    seen.putIfAbsent(typeOf(record), System.currentTimeMillis());
                }
            }
        }
        return seen;
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        return TopicReader.header(record, SaleRecords.TYPE);
    }

    /** Retries an admin call while the broker is away (a broker restart may overlap), up to two minutes. */
    private static boolean retry(Supplier<Boolean> call) {
        long deadline = System.currentTimeMillis() + CONFIG_RETRY_MILLIS;
        while (true) {
            try {
                return call.get();
            } catch (IllegalStateException brokerAway) {
                if (System.currentTimeMillis() >= deadline || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
