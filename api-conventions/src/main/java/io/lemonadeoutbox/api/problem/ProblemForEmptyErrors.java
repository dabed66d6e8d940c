package io.lemonadeoutbox.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An error status set without a body and without {@code sendError} never reaches the error page: Spring's
 * content-negotiating view resolver answers the pipeline page's 406 that way. This filter, outermost, gives such an
 * answer the problem body it lacks; answers that wrote anything, or went to the error page, pass untouched.
 */
public class ProblemForEmptyErrors extends OncePerRequestFilter {

    private final ObjectMapper json;

    public ProblemForEmptyErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodyWatch watched = new BodyWatch(response);
        chain.doFilter(request, watched);
        if (watched.answered || response.isCommitted() || request.isAsyncStarted() || response.getStatus() < 400) {
            return;
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.ofStatus(HttpStatusCode.valueOf(response.getStatus()),
                "the request was refused"));
    }

    private static final class BodyWatch extends HttpServletResponseWrapper {

        private boolean answered;

        BodyWatch(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            answered = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            answered = true;
            return super.getWriter();
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            answered = true;
            super.sendError(status, message);
        }

        @Override
        public void sendError(int status) throws IOException {
            answered = true;
            super.sendError(status);
        }
    }
}
