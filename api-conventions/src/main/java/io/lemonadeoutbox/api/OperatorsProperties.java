package io.lemonadeoutbox.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call {@code /api/operations/**}. Nothing is built in: with no users configured, one operator with a
 * random password is generated at start-up and logged (the local stack passes its own and prints it).
 */
@Validated
@ConfigurationProperties("operations")
public record OperatorsProperties(@Valid List<User> users) {

    public record User(@NotBlank String username, @NotBlank String password, @NotEmpty List<String> roles) {
    }

    public OperatorsProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
