package io.lemonadeoutbox.lemonade.console;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param thankyouUrl where the browser finds thankyou-service, which must allow this app's origin (CORS) */
@Validated
@ConfigurationProperties("lemonade.console")
public record ConsoleProperties(@NotNull URI thankyouUrl) {
}
