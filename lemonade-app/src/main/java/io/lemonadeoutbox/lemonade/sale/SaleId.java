package io.lemonadeoutbox.lemonade.sale;

import java.util.UUID;
import java.util.regex.Pattern;

/** Sale ids travel in URLs and as Kafka keys, so they are restricted to URL-safe characters. */
public final class SaleId {

    public static final int MAX_LENGTH = 64;
    public static final String PATTERN = "[A-Za-z0-9_-]{1," + MAX_LENGTH + "}";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private SaleId() {
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String saleId) {
        return saleId != null && VALID.matcher(saleId).matches();
    }

    static void requireValid(String saleId) {
        if (!isValid(saleId)) {
            throw new InvalidSaleException("saleId", "must match " + PATTERN);
        }
    }
}
