package io.lemonadeoutbox.lemonade.sale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.PipelineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every string the sales API accepts has its maximum length in the OpenAPI document, where clients read it. */
class SaleApiDocumentationIT extends PipelineTest {

    @Autowired
    ObjectMapper json;

    @Test
    void everyStringTheSalesApiAcceptsHasAMaximumLength() throws Exception {
        JsonNode doc = json.readTree(http.getForObject("/v3/api-docs", String.class));

        JsonNode sell = doc.at("/components/schemas/SellLemonadeRequest/properties");
        assertThat(sell.at("/saleId/maxLength").asInt()).isEqualTo(SaleId.MAX_LENGTH);
        assertThat(sell.at("/customerName/maxLength").asInt()).isEqualTo(SaleRules.MAX_NAME_LENGTH);
        assertThat(sell.at("/customerEmail/maxLength").asInt()).isEqualTo(SaleRules.MAX_EMAIL_LENGTH);
        assertThat(doc.at("/components/schemas/RefundSaleRequest/properties/reason/maxLength").asInt())
                .isEqualTo(SaleRules.MAX_REASON_LENGTH);
        for (String path : new String[] {"/paths/~1api~1sales~1{saleId}/get", "/paths/~1api~1sales~1{saleId}~1refund/post"}) {
            assertThat(doc.at(path + "/parameters/0/schema/maxLength").asInt()).as(path).isEqualTo(SaleId.MAX_LENGTH);
        }
    }
}
