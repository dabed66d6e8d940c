package io.lemonadeoutbox.thankyou.pipeline;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * lemonade-app's page reads this service straight from the browser. CORS rather than a proxy in lemonade-app: the
 * producer then needs no HTTP client, timeouts or error mapping for the consumer, and the page shows what this
 * service itself answers (or that it is down). Only from the configured origins, and never with the browser's own
 * credentials (cookies, a remembered Basic login): the public API for GET; the dead letters also for POST with an
 * {@code Authorization} header, which the page sets itself from the operator's sign-in, held in the tab's memory.
 * The 401 and 403 answers carry these headers too (Spring Security applies this configuration before it decides),
 * so the page can show them as such.
 */
@Configuration
class ConsoleCors implements WebMvcConfigurer {

    private final ConsoleProperties properties;

    ConsoleCors(ConsoleProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        String[] origins = properties.allowedOrigins().toArray(String[]::new);
        // the first matching mapping wins, so the narrower one comes first
        registry.addMapping("/api/operations/dead-letters/**")
                .allowedOrigins(origins)
                .allowedMethods("GET", "POST")
                .allowedHeaders("Authorization", "Content-Type")
                .allowCredentials(false);
        registry.addMapping("/api/**")
                .allowedOrigins(origins)
                .allowedMethods("GET")
                .allowCredentials(false);
    }
}
