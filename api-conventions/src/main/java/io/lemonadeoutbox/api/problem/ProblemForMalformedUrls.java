package io.lemonadeoutbox.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tomcat lets through some URLs that Spring's path parser then refuses with an {@code IllegalArgumentException}
 * (a malformed percent-encoding inside a path parameter, such as {@code /;a%Y.}), at a point where every later
 * handler parses the same path again and fails too, the error page included. This filter, outermost, parses the
 * path once, the way Spring will, and answers a URL that does not parse with a 400 problem before anything else runs.
 */
public class ProblemForMalformedUrls extends OncePerRequestFilter {

    private final ObjectMapper json;

    public ProblemForMalformedUrls(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            RequestPath.parse(request.getRequestURI(), request.getContextPath());
        } catch (IllegalArgumentException malformed) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.problem(HttpStatus.BAD_REQUEST,
                    Problems.MALFORMED_REQUEST, "the URL is not validly percent-encoded"));
            return;
        }
        chain.doFilter(request, response);
    }
}
