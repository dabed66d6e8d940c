package io.lemonadeoutbox.api.problem;

import jakarta.validation.Valid;
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
