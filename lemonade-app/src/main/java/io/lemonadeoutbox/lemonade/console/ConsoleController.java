package io.lemonadeoutbox.lemonade.console;

import java.net.URI;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells the pipeline page (static/index.html) where the other service and the audit are. */
@RestController
class ConsoleController {

    /** @param auditUrl null when no audit is served next to this app (only the local stack serves one) */
    record Console(String thankyouUrl, String auditUrl) {
    }

    private final ConsoleProperties properties;

    ConsoleController(ConsoleProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/api/console")
    Console console() {
        return new Console(withoutTrailingSlash(properties.thankyouUrl()), withoutTrailingSlash(properties.auditUrl()));
    }

    private static String withoutTrailingSlash(URI uri) {
        if (uri == null) {
            return null;
        }
        String url = uri.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
