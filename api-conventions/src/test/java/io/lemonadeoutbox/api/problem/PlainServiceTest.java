package io.lemonadeoutbox.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Valid;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The convention on a service with nothing but api-conventions (no database, no Kafka), so the module's own build
 * proves it; each service runs the same contract against itself in its {@code EveryErrorIsAProblemIT}.
 */
@SpringBootTest(classes = PlainServiceTest.PlainService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlainServiceTest implements EveryHttpErrorIsAProblem {

    @LocalServerPort
    int port;

    @Test
    void anErrorStatusSetWithoutABodyGetsAProblemBody() throws Exception {
        RawHttp.Answer answer = RawHttp.request(port, "GET", "/api/things/x/bare-error", Map.of(), null);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("urn:lemonade-outbox:problem:conflict");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String resourcePrefix() {
        return "/api/things/";
    }

    @Override
    public String jsonPostPath() {
        return "/api/things";
    }

    @SpringBootApplication
    static class PlainService {

        record Thing(@NotBlank String name) {
        }

        @RestController
        static class Things {
            @GetMapping("/api/things/{id}")
            Thing get(@PathVariable String id) {
                return new Thing(id);
            }

            @GetMapping("/api/things/{id}/bare-error")
            ResponseEntity<Void> bareError(@PathVariable String id) {
                return ResponseEntity.status(HttpStatus.CONFLICT).build();
            }

            @PostMapping("/api/things")
            Thing post(@Valid @RequestBody Thing thing) {
                return thing;
            }
        }

        @RestControllerAdvice
        static class ThingProblems extends ProblemDetailsHandler {
        }
    }
}
