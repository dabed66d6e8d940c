package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lemonadeoutbox.api.StorableText;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.LemonadeSold;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.SaleRefunded;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The wire contract applies the contract's text rules, exactly: what it accepts it hands on unchanged. */
class WireContractTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONTRACT = Path.of("..", "contract", "lemonade.sales");

    /** Every UTF-16 unit (NUL, controls, lone surrogates, BMP noncharacters), with strings longer than any limit. */
    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(600);
    }

    @Property(tries = 2000)
    void aCustomerNameIsAcceptedExactlyWhenItKeepsTheRules(@ForAll("anyText") String name) throws IOException {
        boolean keepsTheRules = !name.isBlank() && name.length() <= SalesEvent.MAX_NAME_LENGTH
                && StorableText.Validator.problemWith(name, false).isEmpty();
        Statistics.collect(keepsTheRules ? "accepted" : "rejected");
        ObjectNode sold = (ObjectNode) JSON.readTree(example("LemonadeSold.v1.json"));
        ((ObjectNode) sold.get("customer")).put("name", name);

        if (keepsTheRules) {
            LemonadeSold read = (LemonadeSold) WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1", ascii(sold));
            assertThat(read.customer().name()).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> WireContract.parsePayload(WireContract.LEMONADE_SOLD, "1", ascii(sold)))
                    .isInstanceOf(PoisonRecordException.class).hasMessageStartingWith("LemonadeSold.customer.name ");
        }
    }

    @Property(tries = 1000)
    void aRefundReasonMayHoldLineBreaks(@ForAll("anyText") String reason) throws IOException {
        boolean keepsTheRules = !reason.isBlank() && reason.length() <= SalesEvent.MAX_REASON_LENGTH
                && StorableText.Validator.problemWith(reason, true).isEmpty();
        ObjectNode refunded = (ObjectNode) JSON.readTree(example("SaleRefunded.v1.json"));
        refunded.put("reason", reason);

        if (keepsTheRules) {
            SaleRefunded read = (SaleRefunded) WireContract.parsePayload(WireContract.SALE_REFUNDED, "1",
                    ascii(refunded));
            assertThat(read.reason()).isEqualTo(reason);
        } else {
            assertThatThrownBy(() -> WireContract.parsePayload(WireContract.SALE_REFUNDED, "1", ascii(refunded)))
                    .isInstanceOf(PoisonRecordException.class).hasMessageStartingWith("SaleRefunded.reason ");
        }
    }

    /** Escaped to ASCII, so an unpaired surrogate travels as {@code \\uD800} instead of failing to encode. */
    private static byte[] ascii(ObjectNode payload) throws IOException {
        return JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(payload)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] example(String file) throws IOException {
        return Files.readAllBytes(CONTRACT.resolve(file));
    }
}
