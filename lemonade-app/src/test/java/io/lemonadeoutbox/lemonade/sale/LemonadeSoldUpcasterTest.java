package io.lemonadeoutbox.lemonade.sale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** Reads stored rows through the upcaster as the event store does: revision 1 comes out as revision 2, classic. */
class LemonadeSoldUpcasterTest {

    private static final Path CONTRACT = Path.of("..", "contract", "lemonade.sales");
    private final Serializer events = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules()).build();

    @Test
    void theRevision1ContractExampleIsReadAsTheRevision2OneWithTheClassicFlavour() throws Exception {
        IntermediateEventRepresentation upcast = readThroughUpcaster(
                Files.readAllBytes(CONTRACT.resolve("LemonadeSold.v1.json")), "1");

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        LemonadeSold sold = events.deserialize(upcast.getData());
        assertThat(sold).isEqualTo(new LemonadeSold("sale-0001", new Customer("Ada Lovelace", "ada@example.com"), 2,
                new Money(250, "EUR"), new Money(500, "EUR"), Instant.parse("2026-11-27T10:15:30Z"),
                Flavour.CLASSIC));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(upcast.getData(byte[].class).getData())).isEqualTo(
                ((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                        Files.readAllBytes(CONTRACT.resolve("LemonadeSold.v1.json")))).put("flavour", "classic"));
    }

    @Test
    void revision2AndOtherEventsPassUnchanged() {
        byte[] mint = """
                {"saleId":"s","customer":{"name":"A","email":"a@b.c"},"cups":1,"unitPrice":{"cents":250,
                 "currency":"EUR"},"total":{"cents":250,"currency":"EUR"},"soldAt":"2026-11-27T10:15:30Z",
                 "flavour":"mint"}""".getBytes(StandardCharsets.UTF_8);
        IntermediateEventRepresentation upcast = readThroughUpcaster(mint, "2");
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat(((LemonadeSold) events.deserialize(upcast.getData())).flavour()).isEqualTo("mint");

        SerializedObject<byte[]> refund = events.serialize(new SaleRefunded("s", new Customer("A", "a@b.c"),
                new Money(250, "EUR"), "r", Instant.EPOCH), byte[].class);
        IntermediateEventRepresentation refundRead = upcast(refund.getData(), SaleRefunded.class.getName(), "1");
        assertThat(refundRead.getType().getRevision()).isEqualTo("1");
    }

    private IntermediateEventRepresentation readThroughUpcaster(byte[] payload, String revision) {
        return upcast(payload, LemonadeSold.class.getName(), revision);
    }

    private IntermediateEventRepresentation upcast(byte[] payload, String type, String revision) {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>("Sale", "s", 0, "id-1",
                Instant.EPOCH, type, revision, payload, "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> read = new LemonadeSoldUpcaster()
                .upcast(Stream.of(new InitialEventRepresentation(row, events))).toList();
        assertThat(read).hasSize(1);
        return read.get(0);
    }
}
