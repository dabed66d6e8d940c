package io.lemonadeoutbox.thankyou.card;

import io.lemonadeoutbox.api.problem.ProblemDetailsHandler;
import io.lemonadeoutbox.api.problem.ProblemType;
import io.lemonadeoutbox.api.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * thankyou-service's own problems, in the convention both services share ({@link ProblemDetailsHandler}: invalid
 * parameters as {@code errors}, outages as 503, defects as 500, Spring MVC's 4xx).
 */
@RestControllerAdvice
public class CardProblems extends ProblemDetailsHandler {

    static final ProblemType CARD_NOT_FOUND = new ProblemType("card-not-found", "Card not found");

    @ExceptionHandler(CardNotFoundException.class)
    ResponseEntity<Object> cardNotFound(CardNotFoundException e) {
        ProblemDetail problem = Problems.problem(HttpStatus.NOT_FOUND, CARD_NOT_FOUND, e.getMessage());
        problem.setProperty("saleId", e.saleId());
        return Problems.answer(problem);
    }
}
