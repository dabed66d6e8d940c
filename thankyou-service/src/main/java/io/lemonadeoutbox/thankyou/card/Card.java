package io.lemonadeoutbox.thankyou.card;

import java.time.Instant;

public record Card(
        String saleId,
        String customerName,
        String customerEmail,
        int cups,
        String message,
        String eventId,
        Instant createdAt,
        boolean refunded,
        Instant refundedAt,
        String refundReason,
        String traceId,
        String flavour) {

    /** The longest sale id the wire contract allows (contract/lemonade.sales): a card's key, {@code card.sale_id}. */
    public static final int MAX_SALE_ID_LENGTH = 64;

    public static String thankYouMessage(String customerName, int cups) {
        String firstName = customerName.strip().split("\\s+")[0];
        String what = cups == 1 ? "1 cup" : cups + " cups";
        return "Thank you, " + firstName + ", for buying " + what + " of lemonade!";
    }
}
