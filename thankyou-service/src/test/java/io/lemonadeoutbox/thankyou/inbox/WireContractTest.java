package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.Customer;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.LemonadeSold;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.Money;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.SaleRefunded;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Pins this service's reading of contract/lemonade.sales; lemonade-app pins its writing of the same files. */
class WireContractTest {

    private static final Path CONTRACT = Path.of("..", "contract", "lemonade.sales");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheLemonadeSoldExampleFieldByField() throws IOException {
        SalesEvent event = WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1", example("LemonadeSold.v1.json"));

        assertThat(event).isEqualTo(new LemonadeSold(
                "sale-0001",
                new Customer("Ada Lovelace", "ada@example.com"),
                2,
                new Money(250L, "EUR"),
                new Money(500L, "EUR"),
                Instant.parse("2026-11-27T10:15:30Z"),
                "classic"));
    }

    @Test
    void readsTheRevision2ExampleFieldByFieldWithItsFlavour() throws IOException {
        SalesEvent event = WireContract.parsePayload(WireContract.LEMONADE_SOLD, "2", example("LemonadeSold.v2.json"));

        assertThat(event).isEqualTo(new LemonadeSold(
                "sale-0002",
                new Customer("Ada Lovelace", "ada@example.com"),
                2,
                new Money(250L, "EUR"),
                new Money(500L, "EUR"),
                Instant.parse("2026-11-27T10:15:30Z"),
                "mint"));
    }

    /** What lemonade-app sends for a stored revision-1 sale once upgraded: the same sale, revision 2, classic. */
    @Test
    void aRevision1SaleAndItsUpcastRevision2AreTheSameSale() throws IOException {
        ObjectNode upcast = (ObjectNode) JSON.readTree(example("LemonadeSold.v1.json"));
        upcast.put("flavour", "classic");

        assertThat(WireContract.parsePayload(WireContract.LEMONADE_SOLD, "2", JSON.writeValueAsBytes(upcast)))
                .isEqualTo(WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1", example("LemonadeSold.v1.json")));
    }

    @Test
    void revision2NeedsAFlavourAndRevision1IgnoresOne() throws IOException {
        ObjectNode noFlavour = (ObjectNode) JSON.readTree(example("LemonadeSold.v2.json"));
        noFlavour.remove("flavour");
        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.LEMONADE_SOLD, "2",
                JSON.writeValueAsBytes(noFlavour)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("LemonadeSold.flavour is missing");
        ObjectNode nulInFlavour = (ObjectNode) JSON.readTree(example("LemonadeSold.v2.json"));
        nulInFlavour.put("flavour", "mi\u0000nt");
        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.LEMONADE_SOLD, "2",
                JSON.writeValueAsBytes(nulInFlavour)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("LemonadeSold.flavour ");

        ObjectNode v1WithFlavour = (ObjectNode) JSON.readTree(example("LemonadeSold.v1.json"));
        v1WithFlavour.put("flavour", "mint");
        assertThat(((LemonadeSold) WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1",
                JSON.writeValueAsBytes(v1WithFlavour))).flavour()).isEqualTo("classic");
    }

    @Test
    void readsTheSaleRefundedExampleFieldByField() throws IOException {
        SalesEvent event = WireContract.parsePayload(WireContract.SALE_REFUNDED, "1", example("SaleRefunded.v1.json"));

        assertThat(event).isEqualTo(new SaleRefunded(
                "sale-0001",
                new Customer("Ada Lovelace", "ada@example.com"),
                new Money(500L, "EUR"),
                "Too sour",
                Instant.parse("2026-11-27T10:20:00Z")));
    }

    @Test
    void readsTheHeadersAndChecksTheKey() throws IOException {
        var headers = contractHeaders("3f1c9a52-0000-4000-8000-000000000001", WireContract.LEMONADE_SOLD, "sale-0001");

        IncomingEvent event = WireContract.parse("sale-0001", headers, example("LemonadeSold.v1.json"));

        assertThat(event.eventId()).isEqualTo("3f1c9a52-0000-4000-8000-000000000001");
        assertThat(event.type()).isEqualTo(WireContract.LEMONADE_SOLD);
        assertThat(event.revision()).isEqualTo("1");
        assertThat(event.aggregateId()).isEqualTo("sale-0001");
        assertThat(event.sequence()).isEqualTo(0L);
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochMilli(1_795_774_530_000L));
        assertThat(event.payload().saleId()).isEqualTo("sale-0001");

        assertThatThrownBy(() -> WireContract.parse("sale-0002", headers, example("LemonadeSold.v1.json")))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("record key 'sale-0002' is not the sale id 'sale-0001'");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws IOException {
        ObjectNode sold = (ObjectNode) JSON.readTree(example("LemonadeSold.v1.json"));
        sold.put("loyaltyPoints", 7);
        ((ObjectNode) sold.get("customer")).put("phone", "+44 20 0000 0000");

        SalesEvent event = WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1", JSON.writeValueAsBytes(sold));

        assertThat(event).isEqualTo(WireContract.parsePayload(
                WireContract.LEMONADE_SOLD, "1", example("LemonadeSold.v1.json")));
    }

    @Test
    void rejectsAMissingRequiredFieldNamingIt() throws IOException {
        ObjectNode sold = (ObjectNode) JSON.readTree(example("LemonadeSold.v1.json"));
        ((ObjectNode) sold.get("customer")).remove("email");

        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1", JSON.writeValueAsBytes(sold)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("LemonadeSold.customer.email is missing");

        ObjectNode refunded = (ObjectNode) JSON.readTree(example("SaleRefunded.v1.json"));
        refunded.remove("reason");
        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.SALE_REFUNDED, "1", JSON.writeValueAsBytes(refunded)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("SaleRefunded.reason is missing");
    }

    @Test
    void rejectsUnknownTypesRevisionsBadJsonAndMissingHeaders() throws IOException {
        byte[] sold = example("LemonadeSold.v1.json");

        assertThatThrownBy(() -> WireContract.parsePayload("io.lemonadeoutbox.lemonade.sale.LemonadeSpilled", "1", sold))
                .hasMessage("unknown event type 'io.lemonadeoutbox.lemonade.sale.LemonadeSpilled'");
        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.LEMONADE_SOLD, "3", sold))
                .hasMessage("unknown revision '3' of LemonadeSold");
        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.SALE_REFUNDED, "2",
                example("SaleRefunded.v1.json")))
                .hasMessage("unknown revision '2' of SaleRefunded");
        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1",
                "{\"saleId\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("LemonadeSold payload is not valid JSON");
        assertThatThrownBy(() -> WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1",
                "{\"saleId\":\"s\",\"customer\":{\"name\":\"A\",\"email\":\"a@b\"},\"cups\":0}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("LemonadeSold.cups must be a positive whole number");

        var noId = contractHeaders("ignored", WireContract.LEMONADE_SOLD, "sale-0001");
        noId.remove(WireContract.ID);
        assertThatThrownBy(() -> WireContract.parse("sale-0001", noId, sold))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("header axon-message-id is missing");

        var shortSequence = contractHeaders("id-1", WireContract.LEMONADE_SOLD, "sale-0001");
        shortSequence.remove(WireContract.SEQUENCE).add(WireContract.SEQUENCE, "0".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> WireContract.parse("sale-0001", shortSequence, sold))
                .hasMessage("header axon-message-aggregate-seq must be an 8-byte long, was 1 bytes");
    }

    static RecordHeaders contractHeaders(String eventId, String type, String saleId) {
        var headers = new RecordHeaders();
        headers.add(WireContract.ID, utf8(eventId));
        headers.add(WireContract.TYPE, utf8(type));
        headers.add(WireContract.REVISION, utf8("1"));
        headers.add(WireContract.AGGREGATE_ID, utf8(saleId));
        headers.add("axon-message-aggregate-type", utf8("Sale"));
        headers.add(WireContract.SEQUENCE, ByteBuffer.allocate(Long.BYTES).putLong(0L).array());
        headers.add(WireContract.TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(1_795_774_530_000L).array());
        headers.add("axon-metadata-traceId", utf8("trace-1"));
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] example(String file) throws IOException {
        return Files.readAllBytes(CONTRACT.resolve(file));
    }
}
