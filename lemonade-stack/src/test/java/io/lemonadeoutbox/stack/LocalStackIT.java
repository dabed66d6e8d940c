package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole path with both real jars: POST a sale to lemonade-app, its card appears on thankyou-service. */
@ExtendWith(LemonadeStackExtension.class)
class LocalStackIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aSaleOnLemonadeAppBecomesAThankYouCardOnThankyouService(RunningStack stack) throws Exception {
        String saleId = "e2e-" + UUID.randomUUID();

        Instant posted = Instant.now();
        HttpResponse<String> sold = post(stack.lemonadeAppUrl("/api/sales"), """
                {"saleId": "%s", "customerName": "Ada Lovelace", "customerEmail": "ada@example.com", "cups": 2}
                """.formatted(saleId));

        assertThat(sold.statusCode()).as(sold.body()).isEqualTo(201);
        assertThat(sold.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/sales/" + saleId));

        HttpResponse<String> found = await("the thank-you card for " + saleId)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(stack.thankyouServiceUrl("/api/cards/" + saleId)),
                        response -> response.statusCode() == 200);

        System.out.println("card for " + saleId + " visible " + Duration.between(posted, Instant.now()).toMillis()
                + " ms after the POST");

        JsonNode card = json.readTree(found.body());
        assertThat(card.path("saleId").asText()).isEqualTo(saleId);
        assertThat(card.path("customerName").asText()).isEqualTo("Ada Lovelace");
        assertThat(card.path("customerEmail").asText()).isEqualTo("ada@example.com");
        assertThat(card.path("cups").asInt()).isEqualTo(2);
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
