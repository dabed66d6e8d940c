package io.lemonadeoutbox.thankyou.pipeline;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * lemonade-app's page reads this service straight from the browser. CORS rather than a proxy in lemonade-app: the
 * producer then needs no HTTP client, timeouts or error mapping for the consumer, and the page shows what this
 * service itself answers (or that it is down). Only GET, only from the configured origins, no credentials.
 */
@Configuration
class ConsoleCors implements WebMvcConfigurer {

    private final ConsoleProperties properties;

    ConsoleCors(ConsoleProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/api/**")
                .allowedOrigins(properties.allowedOrigins().toArray(String[]::new))
                .allowedMethods("GET")
                .allowCredentials(false);
    }
}
