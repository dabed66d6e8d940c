package io.lemonadeoutbox.lemonade.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.PipelineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The OpenAPI document tells clients which problem details each operation can answer with. */
class ApiDocumentationIT extends PipelineTest {

    @Autowired
    ObjectMapper json;

    @Test
    void everyErrorAnswerIsDocumentedAsAProblemDetail() throws Exception {
        JsonNode doc = json.readTree(http.getForObject("/v3/api-docs", String.class));

        JsonNode sell = doc.at("/paths/~1api~1sales/post/responses");
        assertThat(sell.fieldNames()).toIterable().contains("400", "409", "415", "422", "500", "503");
        assertThat(sell.at("/503/headers/Retry-After").isMissingNode()).isFalse();
        assertThat(sell.at("/422/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(doc.at("/paths/~1api~1sales~1{saleId}/get/responses").fieldNames()).toIterable()
                .contains("404", "503");
        assertThat(doc.at("/paths/~1api~1operations~1republish/post/responses").fieldNames()).toIterable()
                .contains("400", "401", "403", "409");
        assertThat(doc.at("/components/schemas/Problem/properties").fieldNames()).toIterable()
                .contains("type", "title", "status", "detail", "errors", "saleId");
    }
}
