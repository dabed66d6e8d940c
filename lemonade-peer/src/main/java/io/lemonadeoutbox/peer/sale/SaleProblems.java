package io.lemonadeoutbox.peer.sale;

import io.lemonadeoutbox.api.problem.FieldError;
import io.lemonadeoutbox.api.problem.ProblemDetailsHandler;
import io.lemonadeoutbox.api.problem.ProblemType;
import io.lemonadeoutbox.api.problem.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The peer's own problems, in the convention both services share ({@link ProblemDetailsHandler}: invalid input as
 * {@code errors}, outages as 503, defects as 500, Spring MVC's 4xx), with lemonade-app's types for the same faults,
 * so a client cannot tell the two stands apart.
 */
@RestControllerAdvice
class SaleProblems extends ProblemDetailsHandler {

    static final ProblemType RULE_BROKEN = new ProblemType("sale-breaks-a-rule", "The sale breaks a rule of the stand");
    static final ProblemType SALE_NOT_FOUND = new ProblemType("sale-not-found", "Sale not found");
    static final ProblemType SALE_CONFLICT = new ProblemType("sale-conflict",
            "The sale is not in a state that allows this");

    @ExceptionHandler(InvalidSaleException.class)
    ResponseEntity<Object> invalidSale(InvalidSaleException e) {
        return Problems.answer(Problems.fieldErrors(HttpStatus.UNPROCESSABLE_ENTITY, RULE_BROKEN,
                List.of(new FieldError(e.field(), e.getMessage().substring(e.field().length() + 1)))));
    }

    @ExceptionHandler(SaleNotFoundException.class)
    ResponseEntity<Object> notFound(SaleNotFoundException e) {
        return Problems.answer(Problems.problem(HttpStatus.NOT_FOUND, SALE_NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler(SaleConflictException.class)
    ResponseEntity<Object> conflict(SaleConflictException e) {
        return Problems.answer(Problems.problem(HttpStatus.CONFLICT, SALE_CONFLICT, e.getMessage()));
    }
}
