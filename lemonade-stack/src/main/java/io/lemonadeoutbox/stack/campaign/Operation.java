package io.lemonadeoutbox.stack.campaign;

/**
 * One request the campaign sent and what came back: the HTTP status and content type, or no answer at all
 * ({@code status} -1: refused, reset or timed out).
 *
 * @param instance the lemonade-app instance it went to
 * @param order    what a sale asked for (null for refunds)
 * @param variant  for an invalid request, what is wrong with it
 */
record Operation(long id, Kind kind, String saleId, String instance, Order order, String variant, int status,
                 String contentType, String body, long startMillis, long endMillis) {

    enum Kind {
        SALE("sale"),
        ODD_TEXT_SALE("sale with odd but valid text"),
        TWIN_SALE("identical sale sent to both instances at once"),
        REFUND("refund"),
        SECOND_REFUND("second refund of a refunded sale"),
        INVALID("invalid request"),
        HELD_SALE("sale appended in a held transaction (nemesis)");

        final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean sells() {
            return this == SALE || this == ODD_TEXT_SALE || this == TWIN_SALE || this == HELD_SALE;
        }
    }

    /** What the customer asked for; the card must say the same (the name as lemonade-app strips it). */
    record Order(String customerName, String customerEmail, int cups) {
        String cardName() {
            return customerName.strip();
        }
    }

    boolean answered() {
        return status > 0;
    }

    /** 201 Created, or 200 OK for a sale already recorded or a refund. */
    boolean accepted() {
        return status == 200 || status == 201;
    }

    boolean problemDetail() {
        return contentType != null && contentType.startsWith("application/problem+json");
    }
}
