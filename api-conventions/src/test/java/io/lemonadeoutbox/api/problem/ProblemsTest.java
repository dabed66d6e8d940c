package io.lemonadeoutbox.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ProblemsTest {

    @Test
    void fieldErrorsAreListedAndRepeatedInTheDetail() {
        ProblemDetail problem = Problems.invalid(List.of(new FieldError("page", "must be at least 0"),
                new FieldError("size", "must be at most 100")));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getType()).hasToString("urn:lemonade-outbox:problem:invalid-request");
        assertThat(problem.getTitle()).isEqualTo("Invalid request");
        assertThat(problem.getDetail()).isEqualTo("page: must be at least 0; size: must be at most 100");
        assertThat(problem.getProperties()).containsKey("errors");
    }

    @Test
    void aProblemThatIsJustItsStatusIsNamedAfterIt() {
        assertThat(Problems.ofStatus(HttpStatus.METHOD_NOT_ALLOWED, "x").getType())
                .hasToString("urn:lemonade-outbox:problem:method-not-allowed");
        assertThat(ProblemType.ofStatus(HttpStatus.URI_TOO_LONG).slug()).isEqualTo("uri-too-long");
        assertThat(ProblemType.ofStatus(HttpStatusCode.valueOf(431)).title())
                .isEqualTo("Request Header Fields Too Large");
        assertThat(ProblemType.ofStatus(HttpStatusCode.valueOf(499)).slug()).isEqualTo("http-499");
    }

    @Test
    void onlyA503TellsTheClientWhenToRetry() {
        ResponseEntity<Object> unavailable = Problems.answer(Problems.unavailable("down"));
        assertThat(unavailable.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(unavailable.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(Problems.answer(Problems.ofStatus(HttpStatus.NOT_FOUND, "no")).getHeaders().containsKey("Retry-After"))
                .isFalse();
    }
}
