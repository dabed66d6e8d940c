package io.lemonadeoutbox.api.problem;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The one problem-details convention of both services (RFC 9457): {@code type} is a {@link ProblemType} URI,
 * {@code title} the type's title, {@code detail} a sentence for a human, and input at fault is listed in
 * {@code errors: [{field, message}]}, which the detail repeats as {@code "field: message; ..."}.
 */
public final class Problems {

    public static final ProblemType MALFORMED_REQUEST = new ProblemType("malformed-request", "Malformed request");
    public static final ProblemType INVALID_REQUEST = new ProblemType("invalid-request", "Invalid request");
    public static final ProblemType SERVICE_UNAVAILABLE = new ProblemType("service-unavailable",
            "Service unavailable, retry later");
    public static final ProblemType INTERNAL_ERROR = new ProblemType("internal-error", "Internal error");

    /** How long a client should wait before retrying after a 503: about one PostgreSQL restart. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatusCode status, ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    public static ProblemDetail ofStatus(HttpStatusCode status, String detail) {
        return problem(status, ProblemType.ofStatus(status), detail);
    }

    public static ProblemDetail fieldErrors(HttpStatusCode status, ProblemType type, List<FieldError> errors) {
        ProblemDetail problem = problem(status, type,
                errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    public static ProblemDetail invalid(List<FieldError> errors) {
        return fieldErrors(HttpStatus.BAD_REQUEST, INVALID_REQUEST, errors);
    }

    /** A 503: nothing is wrong with the request, a dependency is down; the same request may be sent again. */
    public static ProblemDetail unavailable(String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE, detail);
    }

    public static ResponseEntity<Object> answer(ProblemDetail problem) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
        }
        return answer.body(problem);
    }
}
