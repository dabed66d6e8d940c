package io.lemonadeoutbox.testkit.services;

import io.lemonadeoutbox.api.OperatorPasswords;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The operator a launcher creates in the services it starts, with a password generated for this run only. */
public record Operator(String username, String password) {

    public static Operator generate() {
        return new Operator("operator", OperatorPasswords.generate());
    }

    /** Spring Boot arguments that make this the service's only operator (see api-conventions). */
    public List<String> serviceArgs() {
        return List.of("--operations.users[0].username=" + username,
                "--operations.users[0].password=" + password,
                "--operations.users[0].roles[0]=OPERATOR");
    }

    /** The value of an {@code Authorization} header for HTTP Basic. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
