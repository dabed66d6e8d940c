package io.lemonadeoutbox.lemonade.sale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.LemonadeApplication;
import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.lemonade.eventstore.StoredEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Issue 10 item 4: identical POSTs racing at two lemonade-app instances on one event store. Both instances find no
 * sale and append its first event; PostgreSQL's unique key lets one commit. Every client must get 201 or 200 (never
 * a 500), exactly one of them the 201, and the store must hold exactly one {@code LemonadeSold} per sale.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaleRaceAcrossInstancesIT extends PipelineTest {

    private static final int SALES = 40;
    private static final int POSTS_PER_INSTANCE = 6;

    @LocalServerPort
    int firstPort;
    @Autowired
    Environment environment;
    @Autowired
    ObjectMapper json;

    private ConfigurableApplicationContext second;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void startASecondInstanceOnTheSameEventStore() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.application.name=lemonade-app-2"));
        for (String property : List.of("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "spring.kafka.bootstrap-servers", "lemonade.publishing.topic")) {
            args.add("--" + property + "=" + environment.getRequiredProperty(property));
        }
        args.add("--operations.users[0].username=" + RealServers.OPERATOR);
        args.add("--operations.users[0].password=" + RealServers.OPERATOR_PASSWORD);
        args.add("--operations.users[0].roles[0]=OPERATOR");
        second = new SpringApplicationBuilder(LemonadeApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    void stopTheSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void identicalPostsRacingAtTwoInstancesRecordOneSaleAndNeverFail() throws Exception {
        int secondPort = ((ServletWebServerApplicationContext) second).getWebServer().getPort();
        int[] ports = {firstPort, secondPort};
        int senders = 2 * POSTS_PER_INSTANCE;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int round = 0; round < SALES; round++) {
                String saleId = RealServers.uniqueName("race");
                // every sender waits at the barrier, so the twelve POSTs leave together and both instances find
                // no sale and append its first event at the same time
                CyclicBarrier start = new CyclicBarrier(senders);
                List<Future<HttpResponse<String>>> inFlight = new ArrayList<>();
                for (int i = 0; i < senders; i++) {
                    int port = ports[i % 2];
                    inFlight.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return client.send(post(port, saleId), HttpResponse.BodyHandlers.ofString());
                    }));
                }
                List<HttpResponse<String>> responses = new ArrayList<>();
                for (Future<HttpResponse<String>> answer : inFlight) {
                    responses.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertOneSale(saleId, responses);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertOneSale(String saleId, List<HttpResponse<String>> responses) throws Exception {
        assertThat(responses).as(saleId + ": " + bodies(responses))
                .allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 201));
        assertThat(responses.stream().filter(r -> r.statusCode() == 201)).as(saleId + " created once").hasSize(1);
        for (HttpResponse<String> response : responses) {
            JsonNode sale = json.readTree(response.body());
            assertThat(sale.path("saleId").asText()).isEqualTo(saleId);
            assertThat(sale.path("cups").asInt()).isEqualTo(2);
        }
        List<StoredEvent> events = eventStore.ofAggregate(saleId);
        assertThat(events).as("events of " + saleId).hasSize(1);
        assertThat(events.get(0).type()).endsWith("LemonadeSold");
    }

    private static HttpRequest post(int port, String saleId) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/sales"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"saleId":"%s","customerName":"Ada Lovelace","customerEmail":"ada@example.com","cups":2}"""
                        .formatted(saleId)))
                .build();
    }

    private static String bodies(List<HttpResponse<String>> responses) {
        return responses.stream().map(r -> r.statusCode() + " " + r.body()).collect(Collectors.joining("\n"));
    }
}
