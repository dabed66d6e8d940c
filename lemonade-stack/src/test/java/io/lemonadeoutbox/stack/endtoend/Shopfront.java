package io.lemonadeoutbox.stack.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.stack.RunningStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The two services' HTTP APIs as the end-to-end and fault tests use them. */
final class Shopfront {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RunningStack stack;

    private final Optional<String> operatorAuthorization;

    Shopfront(RunningStack stack) {
        this.stack = stack;
        this.operatorAuthorization = operatorAuthorization(stack.lemonadeAppArgs());
    }

    /** HTTP Basic for /api/operations/**, from the operator the stack gave lemonade-app (if it gave one). */
    static Optional<String> operatorAuthorization(List<String> lemonadeAppArgs) {
        String prefix = "--operations.users[0].";
        Optional<String> user = value(lemonadeAppArgs, prefix + "username=");
        Optional<String> password = value(lemonadeAppArgs, prefix + "password=");
        if (user.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(
                (user.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8)));
    }

    private static Optional<String> value(List<String> args, String prefix) {
        return args.stream().filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length()))
                .reduce((first, last) -> last);
    }

    /** POSTs a sale; throws unless it was created. */
    void sell(String saleId) {
        HttpResponse<String> response = trySell(saleId, stack.lemonadeAppUrl("/api/sales"));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("sale " + saleId + ": " + response.statusCode() + " " + response.body());
        }
    }

    HttpResponse<String> trySell(String saleId, String salesUrl) {
        return post(salesUrl, """
                {"saleId": "%s", "customerName": "Customer %s", "customerEmail": "%s@example.com", "cups": 2}
                """.formatted(saleId, saleId, saleId));
    }

    void refund(String saleId) {
        HttpResponse<String> response = post(stack.lemonadeAppUrl("/api/sales/" + saleId + "/refund"),
                "{\"reason\": \"too sour\"}");
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("refund " + saleId + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** POST /api/operations/republish?fromGlobalIndex=N; answers the status body. */
    JsonNode republish(long fromGlobalIndex) {
        HttpResponse<String> response = send(operator(HttpRequest.newBuilder(
                URI.create(stack.lemonadeAppUrl("/api/operations/republish?fromGlobalIndex=" + fromGlobalIndex))))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("republish: " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    JsonNode republishStatus() {
        return json(send(operator(HttpRequest.newBuilder(URI.create(stack.lemonadeAppUrl("/api/operations/republish"))))
                .timeout(Duration.ofSeconds(30)).GET().build()).body());
    }

    boolean hasCard(String saleId) {
        return get(stack.thankyouServiceUrl("/api/cards/" + saleId)).statusCode() == 200;
    }

    /** The sum of a counter's samples on thankyou-service's /actuator/prometheus (0 before its first increment). */
    double thankyouCounter(String prometheusName) {
        return counter(get(stack.thankyouServiceUrl("/actuator/prometheus")).body(), prometheusName);
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

    private HttpRequest.Builder operator(HttpRequest.Builder request) {
        operatorAuthorization.ifPresent(authorization -> request.header("Authorization", authorization));
        return request;
    }

    private HttpResponse<String> post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
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

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
