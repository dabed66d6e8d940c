package io.lemonadeoutbox.stack.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.stack.Operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A REST client for one lemonade-app and one thankyou-service. Requests wait long enough for lemonade-app to give up
 * on a database that is down (Hikari's 30 s connection timeout) and answer.
 */
final class Shop {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String lemonadeApp;
    private final String thankyouService;
    private final Operator operator;

    Shop(String lemonadeAppBaseUrl, String thankyouServiceBaseUrl, Operator operator) {
        this.lemonadeApp = lemonadeAppBaseUrl;
        this.thankyouService = thankyouServiceBaseUrl;
        this.operator = operator;
    }

    /** What a POST got back: the status and body, or the exception if no answer came at all. */
    record Answer(String saleId, int status, String contentType, String body, Exception noAnswer) {
        boolean created() {
            return status == 201;
        }

        boolean ok() {
            return status == 200;
        }
    }

    Answer sell(String saleId) {
        return post(saleId, lemonadeApp + "/api/sales", """
                {"saleId": "%s", "customerName": "Customer %s", "customerEmail": "%s@example.com", "cups": 2}
                """.formatted(saleId, saleId, saleId));
    }

    Answer refund(String saleId) {
        return post(saleId, lemonadeApp + "/api/sales/" + saleId + "/refund", """
                {"reason": "too sour"}
                """);
    }

    /** Operator: republish the event store's history from this global index (202 when it started). */
    int republishFrom(long globalIndex) {
        return send(HttpRequest.newBuilder(URI.create(lemonadeApp + "/api/operations/republish?fromGlobalIndex="
                        + globalIndex)).header("Authorization", operator.basicAuthorization())
                        .timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build())
                .statusCode();
    }

    /** RUNNING, DONE or FAILED for the latest republish. */
    String republishState() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(lemonadeApp + "/api/operations/republish"))
                .header("Authorization", operator.basicAuthorization()).timeout(REQUEST_TIMEOUT).GET().build());
        return response.statusCode() == 200 ? readJson(response.body()).path("state").asText() : "NONE";
    }

    /** The card as thankyou-service shows it, if it has one. */
    Optional<JsonNode> card(String saleId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(thankyouService + "/api/cards/" + saleId))
                .timeout(REQUEST_TIMEOUT).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET card " + saleId + ": " + response.statusCode() + " " + response.body());
        }
        return Optional.of(readJson(response.body()));
    }

    static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer post(String saleId, String url, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(saleId, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), null);
        } catch (IOException e) {
            return new Answer(saleId, -1, "", "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(saleId, -1, "", "", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
