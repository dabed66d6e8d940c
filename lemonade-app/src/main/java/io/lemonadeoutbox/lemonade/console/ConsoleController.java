package io.lemonadeoutbox.lemonade.console;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells the pipeline page (static/index.html) where the other service is. */
@RestController
class ConsoleController {

    record Console(String thankyouUrl) {
    }

    private final ConsoleProperties properties;

    ConsoleController(ConsoleProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/api/console")
    Console console() {
        String url = properties.thankyouUrl().toString();
        return new Console(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}
