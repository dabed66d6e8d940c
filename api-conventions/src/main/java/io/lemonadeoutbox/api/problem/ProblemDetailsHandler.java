package io.lemonadeoutbox.api.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The error answers both services share, in the convention of {@link Problems}: Spring MVC's own 4xx (unknown path,
 * wrong method or media type, a missing parameter) with a type and title, every invalid input as {@code errors},
 * a dependency that is down as a 503 with {@code Retry-After}, and anything else as a 500 without internals. Each
 * service's {@code @RestControllerAdvice} extends it and adds the problems of its own domain.
 */
public abstract class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    /** What a client may do after a 503; a service adds what makes the retry safe (for a sale: the same saleId). */
    protected static final String RETRY = "a service this one depends on cannot be reached; retry the same request later";

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        return Problems.answer(Problems.invalid(e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList()));
    }

    /** A multipart body that cannot be parsed (no boundary, cut short) is the client's, not a defect. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableMultipart(MultipartException e) {
        return Problems.answer(Problems.problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                "the multipart body cannot be read"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (Outages.isOutage(e)) {
            log.warn("Answered 503, the database is unreachable: {}", rootMessage(e));
            return Problems.answer(Problems.unavailable(RETRY));
        }
        log.error("Request failed on the server side", e);
        return Problems.answer(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
                "the server could not complete the request; nothing was recorded unless a later read shows it"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(@NonNull MethodArgumentNotValidException e,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        return Problems.answer(Problems.invalid(e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                .toList()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(@NonNull HandlerMethodValidationException e,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        return Problems.answer(Problems.invalid(e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldError(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList()));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(@NonNull TypeMismatchException e,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException parameter ? parameter.getName()
                : e.getPropertyName() != null ? e.getPropertyName() : "value";
        return Problems.answer(Problems.invalid(List.of(new FieldError(name,
                "must be a " + simpleType(e.getRequiredType())))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException e,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return Problems.answer(Problems.fieldErrors(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                    List.of(new FieldError(field, "has the wrong type or format"))));
        }
        return Problems.answer(Problems.problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                "the request body is not valid JSON"));
    }

    /** Spring MVC's own problems (405, 415, 406, 404 for an unknown path, ...) in this convention. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(@NonNull Exception e, @Nullable Object body,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        if (body == null && e instanceof ErrorResponse error) {
            body = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && URI.create("about:blank").equals(problem.getType())) {
            ProblemType type = ProblemType.ofStatus(status);
            problem.setType(type.uri());
            problem.setTitle(type.title());
        }
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.addAll(headers);
        answerHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(e, body, answerHeaders, status, request);
    }

    protected static String lastNode(String propertyPath) {
        return propertyPath.substring(propertyPath.lastIndexOf('.') + 1);
    }

    private static String simpleType(Class<?> type) {
        return type == null ? "value of another type" : type.getSimpleName().toLowerCase();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
