package io.lemonadeoutbox.api.problem;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * What kind of problem an answer is: a stable {@code type} URI a client can switch on, and the {@code title} that
 * always goes with it. Problems that mean no more than their HTTP status get a type named after the status
 * ({@code urn:lemonade-outbox:problem:method-not-allowed}), so every answer of both services has a type of this form.
 */
public record ProblemType(String slug, String title) {

    public static final String PREFIX = "urn:lemonade-outbox:problem:";

    public URI uri() {
        return URI.create(PREFIX + slug);
    }

    public static ProblemType ofStatus(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String phrase = known != null ? known.getReasonPhrase() : "HTTP " + status.value();
        return new ProblemType(phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), phrase);
    }
}
