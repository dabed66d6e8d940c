package io.lemonadeoutbox.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.testkit.services.Operator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The two services' HTTP APIs as the end-to-end and fault tests and the fault campaign use them: one lemonade-app
 * and one thankyou-service.
 * Requests wait long enough for lemonade-app to give up on a database that is down (Hikari's 30 s connection timeout)
 * and answer.
 */
public final class Shop {

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String lemonadeApp;
    private final String thankyouService;
    private final Operator operator;

    /** Sells through the lemonade-app at {@code lemonadeAppUrl}, reads cards from the thankyou-service at the other. */
    public Shop(String lemonadeAppUrl, String thankyouServiceUrl, Operator operator) {
        this.lemonadeApp = lemonadeAppUrl;
        this.thankyouService = thankyouServiceUrl;
        this.operator = operator;
    }

    /** What a POST got back: the status and body, or the exception if no answer came at all. */
    public record Answer(String saleId, int status, String contentType, String body, Exception noAnswer) {
        public boolean created() {
            return status == 201;
        }

        public boolean ok() {
            return status == 200;
        }

        private String describe() {
            return noAnswer == null ? status + " " + body : "no answer: " + noAnswer;
        }
    }

    /** POSTs a sale; throws unless it was created. */
    public void sell(String saleId) {
        Answer answer = trySell(saleId);
        if (!answer.created()) {
            throw new IllegalStateException("sale " + saleId + ": " + answer.describe(), answer.noAnswer());
        }
    }

    public Answer trySell(String saleId) {
        return trySell(saleId, "Customer " + saleId, saleId + "@example.com", 2);
    }

    /** A sale with any text: the body is written by Jackson, so quotes, markup and every script arrive as given. */
    public Answer trySell(String saleId, String customerName, String customerEmail, int cups) {
        return trySale(saleId, JSON.createObjectNode().put("saleId", saleId).put("customerName", customerName)
                .put("customerEmail", customerEmail).put("cups", cups).toString());
    }

    /** POSTs {@code body} to /api/sales exactly as given (malformed JSON included); {@code saleId} labels the answer. */
    public Answer trySale(String saleId, String body) {
        return post(saleId, lemonadeApp + "/api/sales", body);
    }

    /** POSTs exactly this JSON body as a sale. */
    public Answer trySell(String saleId, String json) {
        return post(saleId, lemonadeApp + "/api/sales", json);
    }

    /** POSTs exactly this JSON body as the refund of a sale. */
    public Answer tryRefund(String saleId, String json) {
        return post(saleId, lemonadeApp + "/api/sales/" + saleId + "/refund", json);
    }

    /** Refunds a sale; throws unless lemonade-app answered 2xx. */
    public void refund(String saleId) {
        Answer answer = tryRefund(saleId);
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("refund " + saleId + ": " + answer.describe(), answer.noAnswer());
        }
    }

    public Answer tryRefund(String saleId) {
        return post(saleId, lemonadeApp + "/api/sales/" + saleId + "/refund", """
                {"reason": "too sour"}
                """);
    }

    /** Operator: republish the event store's history from this global index (202 when it started). */
    public int republish(long fromGlobalIndex) {
        return send(operator(lemonadeApp + "/api/operations/republish?fromGlobalIndex=" + fromGlobalIndex)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    /** Operator: republish the event store's history from one global index up to another (202 when it started). */
    public int republish(long fromGlobalIndex, long toGlobalIndex) {
        return send(operator(lemonadeApp + "/api/operations/republish?fromGlobalIndex=" + fromGlobalIndex
                + "&toGlobalIndex=" + toGlobalIndex).POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    /** RUNNING, DONE or FAILED for the latest republish; NONE while there is none. */
    public String republishState() {
        HttpResponse<String> response = send(operator(lemonadeApp + "/api/operations/republish").GET().build());
        return response.statusCode() == 200 ? readJson(response.body()).path("state").asText() : "NONE";
    }

    /** The status of {@code GET /api/sales/{saleId}} on lemonade-app: 200 once the sale is recorded, else 404. */
    public int saleStatus(String saleId) {
        return get(lemonadeApp + "/api/sales/" + saleId).statusCode();
    }

    /** The card as thankyou-service shows it, if it has one. */
    public Optional<JsonNode> card(String saleId) {
        HttpResponse<String> response = get(thankyouService + "/api/cards/" + saleId);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET card " + saleId + ": " + response.statusCode() + " " + response.body());
        }
        return Optional.of(readJson(response.body()));
    }

    public boolean hasCard(String saleId) {
        return card(saleId).isPresent();
    }

    /** The sum of a counter's samples on thankyou-service's /actuator/prometheus (0 before its first increment). */
    public double thankyouCounter(String prometheusName) {
        return counter(get(thankyouService + "/actuator/prometheus").body(), prometheusName);
    }

    static double counter(String prometheusText, String name) {
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    public static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
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

    private HttpRequest.Builder operator(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", operator.basicAuthorization());
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
