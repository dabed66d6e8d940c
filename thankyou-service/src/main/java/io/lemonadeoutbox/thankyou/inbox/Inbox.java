package io.lemonadeoutbox.thankyou.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every event ever accepted, keyed by its id. Rows are never deleted: history can be republished at any time. */
@Repository
public class Inbox {

    private final JdbcClient jdbc;
    private final boolean acceptsDuplicates;

    public Inbox(JdbcClient jdbc, InboxProperties properties) {
        this.jdbc = jdbc;
        this.acceptsDuplicates = properties.unsafe().inboxAcceptsDuplicates();
    }

    /** @return true if this event id is new; false if it was accepted before (a duplicate delivery) */
    public boolean accept(IncomingEvent event, ConsumerRecord<?, ?> record) {
        boolean inserted = jdbc.sql("""
                        insert into inbox (event_id, event_type, sale_id, topic, kafka_partition, kafka_offset)
                        values (:eventId, :type, :saleId, :topic, :partition, :offset)
                        on conflict (event_id) do nothing
                        """)
                .param("eventId", event.eventId())
                .param("type", event.type())
                .param("saleId", event.payload().saleId())
                .param("topic", record.topic())
                .param("partition", record.partition())
                .param("offset", record.offset())
                .update() == 1;
        return inserted || acceptsDuplicates;
    }
}
