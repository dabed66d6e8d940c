package io.lemonadeoutbox.lemonade.problem;

import io.lemonadeoutbox.api.problem.FieldError;
import io.lemonadeoutbox.api.problem.ProblemDetailsHandler;
import io.lemonadeoutbox.api.problem.ProblemType;
import io.lemonadeoutbox.api.problem.Problems;
import io.lemonadeoutbox.lemonade.publishing.republish.RepublishRejectedException;
import io.lemonadeoutbox.lemonade.sale.InvalidSaleException;
import io.lemonadeoutbox.lemonade.sale.SaleConflictException;
import io.lemonadeoutbox.lemonade.sale.SaleNotFoundException;
import io.lemonadeoutbox.lemonade.sale.SaleOutcomeUnknownException;
import java.util.List;
import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * lemonade-app's own problems, in the convention both services share ({@link ProblemDetailsHandler}: malformed
 * input, outages as 503, defects as 500, Spring MVC's 4xx).
 */
@RestControllerAdvice
class ApiProblems extends ProblemDetailsHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    static final ProblemType RULE_BROKEN = new ProblemType("sale-breaks-a-rule", "The sale breaks a rule of the stand");
    static final ProblemType SALE_NOT_FOUND = new ProblemType("sale-not-found", "Sale not found");
    static final ProblemType SALE_CONFLICT = new ProblemType("sale-conflict",
            "The sale is not in a state that allows this");
    static final ProblemType CONCURRENT_CHANGE = new ProblemType("sale-changed-concurrently",
            "The sale changed at the same time");
    static final ProblemType REPUBLISH_REFUSED = new ProblemType("republish-not-started", "Republish not started");

    @ExceptionHandler(InvalidSaleException.class)
    ResponseEntity<Object> invalidSale(InvalidSaleException e) {
        return Problems.answer(Problems.fieldErrors(HttpStatus.UNPROCESSABLE_ENTITY, RULE_BROKEN,
                List.of(new FieldError(e.field(), messageOf(e)))));
    }

    @ExceptionHandler(SaleNotFoundException.class)
    ResponseEntity<Object> notFound(SaleNotFoundException e) {
        return Problems.answer(Problems.problem(HttpStatus.NOT_FOUND, SALE_NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler(SaleConflictException.class)
    ResponseEntity<Object> conflict(SaleConflictException e) {
        return Problems.answer(Problems.problem(HttpStatus.CONFLICT, SALE_CONFLICT, e.getMessage()));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> concurrentChange(ConcurrencyException e) {
        return Problems.answer(Problems.problem(HttpStatus.CONFLICT, CONCURRENT_CHANGE,
                "another request changed this sale at the same moment; read it again and retry"));
    }

    /** A refund that failed twice for a reason a retry can fix (an append refused for arriving too late). */
    @ExceptionHandler(AxonTransientException.class)
    ResponseEntity<Object> transientFailure(AxonTransientException e) {
        log.warn("Answered 503: {}", e.getMessage());
        return Problems.answer(Problems.unavailable("the event store could not take this change just now and nothing "
                + "was recorded; retry the same request"));
    }

    /** A sale whose POST met an outage may or may not be recorded; the same POST again settles it either way. */
    @ExceptionHandler(SaleOutcomeUnknownException.class)
    ResponseEntity<Object> outcomeUnknown(SaleOutcomeUnknownException e) {
        log.warn("Answered 503 for sale {}: the event store is unreachable", e.saleId());
        ProblemDetail problem = Problems.unavailable("the event store cannot be reached, so sale " + e.saleId()
                + " may or may not be recorded; retry the same POST with saleId " + e.saleId()
                + " (selling is idempotent: a retry records it at most once)");
        problem.setProperty("saleId", e.saleId());
        return Problems.answer(problem);
    }

    @ExceptionHandler(RepublishRejectedException.class)
    ResponseEntity<Object> republishRejected(RepublishRejectedException e) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        return Problems.answer(status == HttpStatus.BAD_REQUEST
                ? Problems.fieldErrors(status, REPUBLISH_REFUSED, List.of(new FieldError("fromGlobalIndex", e.getMessage())))
                : Problems.problem(status, REPUBLISH_REFUSED, e.getMessage()));
    }

    private static String messageOf(InvalidSaleException e) {
        return e.getMessage().substring(e.field().length() + 1);
    }
}
