package io.lemonadeoutbox.thankyou.pipeline;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param allowedOrigins origins whose pages may read this service's /api/** (lemonade-app's pipeline page) */
@ConfigurationProperties("thankyou.console")
public record ConsoleProperties(List<String> allowedOrigins) {

    public ConsoleProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
