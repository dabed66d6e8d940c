package io.lemonadeoutbox.api.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's {@code BasicErrorController}: whatever the servlet container sends to the error page (a
 * {@code sendError} from a filter such as Spring Security's firewall, an exception thrown outside Spring MVC) is
 * answered as a problem detail in the shared convention, never as Boot's JSON or an HTML page, whatever the client
 * accepts. The body carries the status only: the container's message may echo the request.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    // every method named, OPTIONS too: otherwise Spring answers an OPTIONS error dispatch itself, with an empty body
    @RequestMapping(value = "${server.error.path:${error.path:/error}}", method = {RequestMethod.GET,
            RequestMethod.HEAD, RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE,
            RequestMethod.OPTIONS, RequestMethod.TRACE})
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure instanceof Throwable thrown) {
            if (thrown instanceof IllegalArgumentException bad && bad.getMessage() != null
                    && bad.getMessage().startsWith("Invalid encoded sequence")) {
                // Spring parsing a path parameter Tomcat let through (";%--"): the client's URL, not a defect
                return Problems.answer(Problems.problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                        "the URL is not validly percent-encoded"));
            }
            if (Outages.isOutage(thrown)) {
                return Problems.answer(Problems.unavailable(ProblemDetailsHandler.RETRY));
            }
            log.error("Request failed outside Spring MVC", thrown);
            return Problems.answer(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
                    "the server could not complete the request"));
        }
        HttpStatusCode status = HttpStatusCode.valueOf(statusOf(request));
        ProblemDetail problem = Problems.ofStatus(status, "the request was refused before it reached the API");
        return Problems.answer(problem);
    }

    private static int statusOf(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // reached directly (GET /error) rather than as the container's error page: nothing was found here
        return status instanceof Integer code && code >= 400 && code <= 599 ? code : HttpStatus.NOT_FOUND.value();
    }
}
