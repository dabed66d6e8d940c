package io.lemonadeoutbox.api;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random operator password: 18 random bytes, URL-safe Base64 (24 characters). Plain Java, so that a tool starting
 * the services with an operator of its own (lemonade-stack) makes it the same way, without the services' Spring
 * classes on its class path.
 */
public final class OperatorPasswords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OperatorPasswords() {
    }

    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
