package io.lemonadeoutbox.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TopicReaderTest {

    @Test
    void byKeyOrdersEachKeysRecordsAsItsPartitionHoldsThem() {
        List<ConsumerRecord<String, byte[]>> read = List.of(
                record(1, 7, "b", "refunded"), record(0, 5, "a", "refunded"), record(1, 3, "b", "sold"),
                record(0, 2, "a", "sold"));
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = TopicReader.byKey(read);
        assertThat(byKey.keySet()).containsExactly("a", "b");
        assertThat(byKey.get("a")).extracting(ConsumerRecord::offset).containsExactly(2L, 5L);
        assertThat(byKey.get("b")).extracting(ConsumerRecord::offset).containsExactly(3L, 7L);
        assertThat(TopicReader.typesOf(read, "b")).containsExactly("refunded", "sold");
        assertThat(TopicReader.keysOf(read)).containsExactlyInAnyOrder("a", "b");
        assertThat(TopicReader.valuesOf(read)).containsExactly("v7", "v5", "v3", "v2");
    }

    @Test
    void headersReadAsTheContractWritesThem() {
        RecordHeaders headers = SaleRecords.headers("event-1", SaleRecords.SALE_REFUNDED, "sale-1", 42);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, 0, TimestampType.CREATE_TIME, 0, 0,
                "sale-1", new byte[0], headers, java.util.Optional.empty());
        assertThat(TopicReader.header(record, SaleRecords.EVENT_ID)).isEqualTo("event-1");
        assertThat(TopicReader.header(record, SaleRecords.TYPE)).isEqualTo(SaleRecords.SALE_REFUNDED);
        assertThat(TopicReader.header(record, SaleRecords.REVISION)).isEqualTo("1");
        assertThat(TopicReader.longHeader(record, "axon-message-aggregate-seq")).isEqualTo(42);
        assertThat(TopicReader.header(record, "absent")).isNull();
        assertThat(TopicReader.bytes(record, "absent")).isNull();
        assertThat(TopicReader.header(new ConsumerRecord<>("t", 0, 0, "k", new byte[0]), SaleRecords.TYPE)).isNull();
        assertThat(SaleRecords.soldHeaders("e", "s").lastHeader(SaleRecords.TYPE).value())
                .isEqualTo(SaleRecords.utf8(SaleRecords.LEMONADE_SOLD));
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, String key, String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SaleRecords.TYPE, SaleRecords.utf8(type));
        return new ConsumerRecord<>("t", partition, offset, 0, TimestampType.CREATE_TIME, 0, 0, key,
                SaleRecords.utf8("v" + offset), headers, java.util.Optional.empty());
    }
}
