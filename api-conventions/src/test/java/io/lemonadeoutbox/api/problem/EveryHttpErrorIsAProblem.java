package io.lemonadeoutbox.api.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.api.problem.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP error a service answers is an RFC 9457 problem detail in the shared convention, including those Tomcat
 * answers before Spring sees the request; each case over a real socket. A service's test implements this against
 * its running server (RANDOM_PORT).
 */
public interface EveryHttpErrorIsAProblem {

    ObjectMapper JSON = new ObjectMapper();

    /** The port the service under test listens on. */
    int port();

    /** A path that, followed by an id, names a resource: {@code /api/sales/}. */
    String resourcePrefix();

    /** A path that takes a JSON body by POST, or null if the service has none open to anyone. */
    String jsonPostPath();

    @Test
    default void aNineThousandCharacterIdInThePathIsAProblem() throws Exception {
        Answer answer = get(resourcePrefix() + "x".repeat(9_000), Map.of());
        assertProblem(answer, 400, 414);
    }

    @Test
    default void overLargeHeadersAreAProblem() throws Exception {
        Answer answer = get(resourcePrefix() + "x", Map.of("X-Padding", "p".repeat(20_000)));
        assertProblem(answer, 400, 431);
    }

    @Test
    default void anEncodedSlashIsAProblem() throws Exception {
        assertProblem(get(resourcePrefix() + "..%2F..%2Fetc%2Fpasswd", Map.of()), 400);
    }

    @Test
    default void aPathThatClimbsAboveTheRootIsAProblem() throws Exception {
        assertProblem(get("/../../etc/passwd", Map.of()), 400);
    }

    @Test
    default void aCharacterNotAllowedInTheRequestTargetIsAProblem() throws Exception {
        assertProblem(RawHttp.send(port(), ("GET " + resourcePrefix() + "{x} HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), 400);
    }

    @Test
    default void aMalformedPercentEncodingIsAProblem() throws Exception {
        assertProblem(get(resourcePrefix() + "%zz", Map.of()), 400);
    }

    @Test
    default void aMalformedEncodingInAPathParameterIsAProblem() throws Exception {
        // found by the random requests (seed 5644384410569): Tomcat passes ";%--", Spring's path parser threw
        assertProblem(get(resourcePrefix() + "x;%--/y", Map.of()), 400);
    }

    @Test
    default void aMalformedEncodingInAPathParameterOfTheRootIsAProblem() throws Exception {
        // found by the random requests (seed 12541113444978): every handler, the error page too, re-parsed the path
        assertProblem(RawHttp.request(port(), "PUT", "/;&c)+:%Y.", Map.of("Content-Type", "application/json"),
                "\"x\""), 400);
    }

    @Test
    default void anUnsupportedHttpVersionIsAProblem() throws Exception {
        assertProblem(RawHttp.send(port(), "GET / HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)), 400, 505);
    }

    @Test
    default void aWrongMethodIsAProblem() throws Exception {
        Answer answer = RawHttp.request(port(), "DELETE", resourcePrefix() + "x", Map.of(), null);
        assertProblem(answer, 405);
        assertThat(answer.header("Allow")).contains("GET");
    }

    @Test
    default void traceIsAProblem() throws Exception {
        assertProblem(RawHttp.request(port(), "TRACE", resourcePrefix() + "x", Map.of(), null), 400, 405);
    }

    @Test
    default void anUnknownMethodIsAProblem() throws Exception {
        assertProblem(RawHttp.request(port(), "BREW", resourcePrefix() + "x", Map.of(), null), 400, 405, 501);
    }

    @Test
    default void anUnsupportedMediaTypeIsAProblem() throws Exception {
        assumeTrue(jsonPostPath() != null, "this service takes no public JSON POST");
        assertProblem(RawHttp.request(port(), "POST", jsonPostPath(), Map.of("Content-Type", "text/plain"),
                "two cups please"), 415);
    }

    @Test
    default void anUnknownPathIsAProblem() throws Exception {
        assertProblem(get("/no/such/path", Map.of()), 404);
    }

    @Test
    default void anUnknownPathIsAProblemEvenForABrowserAskingForHtml() throws Exception {
        assertProblem(get("/no/such/path", Map.of("Accept", "text/html")), 404);
    }

    @Test
    default void anAnswerTheClientDoesNotAcceptIsAProblem() throws Exception {
        assertProblem(get("/actuator/health", Map.of("Accept", "image/png")), 406);
    }

    @Test
    default void anErrorOfAnOptionsRequestIsAProblem() throws Exception {
        // found by the random requests: the error dispatch of an OPTIONS request answered an empty body
        assertProblem(RawHttp.request(port(), "OPTIONS", "/no/such/path", Map.of("Accept", "application/xml"),
                null), 404, 406);
    }

    @Test
    default void theErrorPathItselfIsAProblem() throws Exception {
        assertProblem(get("/error", Map.of("Accept", "text/html")), 404);
    }

    /** The class, not the examples: random methods, paths, headers and bodies never get HTML or a 500. */
    @Test
    default void randomRequestsNeverGetAnHtmlErrorOrA500() throws Exception {
        long seed = Long.getLong("problems.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO");
        List<String> segments = List.of("api", "sales", "cards", "operations", "republish", "events", "pipeline",
                "refund", "actuator", "health", "dead-letters", "v3", "api-docs", "x", "..", ".", "%2F", "%2e%2e",
                "%00", "%zz", "%C3%A9", "%FF", ";jsessionid=1", "a;b=c", "%5C", "~", "*", "?page=-1", "?size=x");
        List<String> accepts = List.of("*/*", "text/html", "application/xml", "image/png", "application/json",
                "application/problem+json", "nonsense", "text/*;q=0.1");
        List<String> contentTypes = List.of("application/json", "text/plain", "application/xml", "nonsense",
                "application/json; charset=ebcdic", "multipart/form-data");
        List<String> bodies = List.of("{}", "{not json", "[]", "\"x\"", "{\"cups\":\"two\"}", "{\"reason\":null}",
                "<xml/>");
        for (int i = 0; i < 300; i++) {
            String method = pick(random, methods);
            StringBuilder path = new StringBuilder();
            for (int s = random.nextInt(5); s >= 0; s--) {
                path.append('/').append(random.nextInt(4) == 0 ? randomText(random) : pick(random, segments));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                headers.put("Accept", pick(random, accepts));
            }
            String body = null;
            if (random.nextBoolean()) {
                headers.put("Content-Type", pick(random, contentTypes));
                body = pick(random, bodies);
            }
            String request = method + " " + path + " " + headers + " " + body + " (seed " + seed + ")";
            Answer answer = RawHttp.request(port(), method, path.toString(), headers, body);
            assertThat(answer.status()).as(request + " -> " + answer).isLessThan(500);
            if (answer.status() >= 400) {
                // the pipeline page itself is HTML (a random path can be "/?page=-1"); no error ever is
                assertThat(String.valueOf(answer.header("Content-Type"))).as(request + " -> " + answer)
                        .doesNotContain("html");
                if (!method.equals("HEAD")) {
                    assertProblem(request, answer, answer.status());
                }
            }
        }
    }

    private Answer get(String target, Map<String, String> headers) throws Exception {
        return RawHttp.request(port(), "GET", target, headers, null);
    }

    private static void assertProblem(Answer answer, int... statuses) throws Exception {
        assertProblem("", answer, statuses);
    }

    private static void assertProblem(String request, Answer answer, int... statuses) throws Exception {
        assertThat(answer.status()).as(request + " -> " + answer)
                .isIn(java.util.Arrays.stream(statuses).boxed().toArray());
        assertThat(answer.header("Content-Type")).as(request + " -> " + answer).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).as(request + " -> " + answer).isEqualTo(answer.status());
        assertThat(problem.path("type").asText()).as(request + " -> " + answer).startsWith(ProblemType.PREFIX);
        assertThat(problem.path("title").asText()).as(request + " -> " + answer).isNotBlank();
        assertThat(answer.body()).as(request + " -> " + answer).doesNotContain("Exception", "\tat ", "Tomcat", "<");
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Raw characters a client might put in a path, some not allowed by HTTP at all. */
    private static String randomText(Random random) {
        String alphabet = "abcXYZ019-._~!$&'()*+,;=:@%{}|\\^`\"<>[]#\u00e9\u00ff";
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(12); n > 0; n--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
