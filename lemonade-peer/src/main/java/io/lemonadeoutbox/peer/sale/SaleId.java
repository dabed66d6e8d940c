package io.lemonadeoutbox.peer.sale;

import java.util.UUID;

/** Sale ids travel in URLs and as Kafka keys, so they are restricted to URL-safe characters. */
public final class SaleId {

    public static final String PATTERN = "[A-Za-z0-9_-]{1,64}";

    private SaleId() {
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
