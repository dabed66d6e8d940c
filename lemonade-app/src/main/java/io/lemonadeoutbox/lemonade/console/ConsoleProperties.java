package io.lemonadeoutbox.lemonade.console;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param thankyouUrl where the browser finds thankyou-service, which must allow this app's origin (CORS)
 * @param auditUrl    where the browser finds the audit ({@code GET} the latest, {@code POST} to run it), which the
 *                    local stack serves because only it reads both databases; none elsewhere (the page says so)
 */
@Validated
@ConfigurationProperties("lemonade.console")
public record ConsoleProperties(@NotNull URI thankyouUrl, URI auditUrl) {
}
