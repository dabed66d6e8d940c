package io.lemonadeoutbox.lemonade.publishing.republish;

import java.net.URI;
import java.util.OptionalLong;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/operations/republish")
class RepublishController {

    private final Republisher republisher;

    RepublishController(Republisher republisher) {
        this.republisher = republisher;
    }

    @PostMapping
    ResponseEntity<RepublishStatus> republish(@RequestParam long fromGlobalIndex,
                                              @RequestParam(required = false) Long toGlobalIndex) {
        OptionalLong to = toGlobalIndex == null ? OptionalLong.empty() : OptionalLong.of(toGlobalIndex);
        return ResponseEntity.accepted()
                .location(URI.create("/api/operations/republish"))
                .body(republisher.start(fromGlobalIndex, to));
    }

    @GetMapping
    ResponseEntity<RepublishStatus> status() {
        return ResponseEntity.of(republisher.latest());
    }
}
