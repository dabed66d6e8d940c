package io.lemonadeoutbox.peer.sale;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error is an RFC 9457 problem detail. Field-level problems carry {@code errors: [{field, message}]} so a
 * client can tell which input to fix; nothing a client sends reaches the generic 500 handler. The same answers as
 * lemonade-app's ApiProblems, so a client cannot tell the two stands apart.
 */
@RestControllerAdvice
class SaleProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(SaleProblems.class);

    record FieldError(String field, String message) {
    }

    @ExceptionHandler(InvalidSaleException.class)
    ProblemDetail invalidSale(InvalidSaleException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "The sale breaks a rule of the stand", e.getMessage(),
                List.of(new FieldError(e.field(), messageOf(e))));
    }

    @ExceptionHandler(SaleNotFoundException.class)
    ProblemDetail notFound(SaleNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Sale not found", e.getMessage(), List.of());
    }

    @ExceptionHandler(SaleConflictException.class)
    ProblemDetail conflict(SaleConflictException e) {
        return problem(HttpStatus.CONFLICT, "The sale is not in a state that allows this", e.getMessage(), List.of());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "some parameters are invalid", errors);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "parameter '" + e.getName() + "' has the wrong type",
                List.of(new FieldError(e.getName(), "must be a " + simpleType(e.getRequiredType()))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(@NonNull MethodArgumentNotValidException e,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request body has invalid fields", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(@NonNull HandlerMethodValidationException e,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        List<FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldError(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "Invalid request", "some parameters are invalid", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException e,
            @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
        List<FieldError> errors = List.of();
        String detail = "the request body is not valid JSON";
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = "field '" + field + "' has the wrong type or format";
            errors = List.of(new FieldError(field, "has the wrong type or format"));
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request", detail, errors));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Request failed on the server side", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the server could not complete the request; nothing was recorded unless a later read shows it",
                List.of());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperties(Map.of("errors", errors));
        }
        return problem;
    }

    private static String messageOf(InvalidSaleException e) {
        return e.getMessage().substring(e.field().length() + 1);
    }

    private static String lastNode(String propertyPath) {
        return propertyPath.substring(propertyPath.lastIndexOf('.') + 1);
    }

    private static String simpleType(Class<?> type) {
        return type == null ? "value of another type" : type.getSimpleName().toLowerCase();
    }
}
